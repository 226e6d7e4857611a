import Foundation
import Import
import Store
#if canImport(Glibc)
import Glibc
#endif

/// What the fuzz targets share: a scratch folder for the input files (the readers take paths, as the CLI
/// gives them), and a store with some history in it for the importers to dry-run against.
///
/// One scratch folder per process (`budget-fuzz-<pid>` in /dev/shm when it exists, else the temporary
/// folder), removed at exit; folders left by processes that died (a crash ends the process without `atexit`)
/// are removed when the next one starts.
public enum Fuzz {
    public static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        removeStaleScratch(in: base)
        let path = (base as NSString).appendingPathComponent("budget-fuzz-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("fuzz: cannot create the scratch folder \(path): \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: Fuzz.scratch) }
        return path
    }()

    /// Removes `budget-fuzz-<pid>` folders whose process is gone.
    private static func removeStaleScratch(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("budget-fuzz-") {
            guard let pid = Int32(name.dropFirst("budget-fuzz-".count)) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (base as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Writes the input to `name` in the scratch folder (or a sub-path of it) and returns its path.
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, as name: String) -> String {
        let path = (scratch as NSString).appendingPathComponent(name)
        let bytes = Data(bytes: data, count: size)
        do { try bytes.write(to: URL(fileURLWithPath: path)) } catch {
            fatalError("fuzz: cannot write \(path): \(error)")
        }
        return path
    }

    /// The input as `Data` (copied).
    public static func data(_ data: UnsafePointer<UInt8>, _ size: Int) -> Data { Data(bytes: data, count: size) }

    /// A store holding a few projects (the rows of `seedHistory`), so that imports meet existing projects,
    /// units, aliases and data sources. Opened once per process; the fuzz imports are dry runs (rolled back),
    /// so it never changes and every input is judged against the same store.
    public static let store: BudgetStore = {
        let path = (scratch as NSString).appendingPathComponent("store.sqlite")
        let seed = (scratch as NSString).appendingPathComponent("seed-history.csv")
        do {
            try Data(seedHistory.utf8).write(to: URL(fileURLWithPath: seed))
            let store = try BudgetStore(path: path)
            let report = try HistoryImporter.run(files: [seed], into: store, options: options(format: .csv, dryRun: false))
            guard report.errors.isEmpty, report.committed else {
                fatalError("fuzz: the seed history did not import: \(report.errors.map(\.description))")
            }
            return store
        } catch {
            fatalError("fuzz: cannot open the scratch store \(path): \(error)")
        }
    }()

    /// The options the CLI's `budget import` gives by default, with a fixed current year (so that a run
    /// does not depend on the date) and a dry run (nothing is committed).
    public static func options(format: InputFormat, dryRun: Bool = true, skipInvalid: Bool = false) -> ImportOptions {
        var options = ImportOptions(currentYear: 2025)
        options.format = format
        options.dryRun = dryRun
        options.skipInvalid = skipInvalid
        return options
    }

    /// Runs `budget import` on the file at `path` as the CLI does (decoding, format detection or the forced
    /// format, parsing, checks, the store's writer), in a transaction that is rolled back.
    @discardableResult
    public static func importDryRun(_ path: String, format: InputFormat, skipInvalid: Bool = false) -> ImportReport? {
        try? HistoryImporter.run(files: [path], into: store, options: options(format: format, skipInvalid: skipInvalid))
    }

    /// The decoded text of the input as `budget import --encoding auto` reads it, or nil when it is not
    /// UTF-8 nor GB18030.
    public static func decode(_ data: UnsafePointer<UInt8>, _ size: Int, file: String) -> DecodedText? {
        try? DecodedText.decode(Data(bytes: data, count: size), as: .auto, file: file)
    }

    /// The lines of a decoded text as the form importer splits them (line k at index k − 1, without line ends).
    public static func formLines(_ text: DecodedText) -> [String] {
        // On bytes, as the importer splits (a Swift String keeps "\r\n" as one Character and would not split it).
        text.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0.last == 0x0D ? $0.dropLast() : $0[...], as: UTF8.self)
        }
    }

    /// The form families in the order ``FormImporter`` tries them (the first that recognizes a file reads it).
    /// Keep in step with `FormImporter.families`.
    public static let formFamilies: [(name: String, recognizes: @Sendable ([String]) -> Bool, parse: @Sendable ([String]) -> FormParseResult)] = [
        ("self-evaluation-table", SelfEvaluationTableParser.recognizes, SelfEvaluationTableParser.parse),
        ("self-evaluation-text", SelfEvaluationTextParser.recognizes, SelfEvaluationTextParser.parse),
        ("declaration", DeclarationParser.recognizes, DeclarationParser.parse),
    ]

    /// One form family's fuzz target. The input is decoded as `budget import --encoding auto` decodes it and
    /// split into lines as the form importer splits them; inputs the family does not recognize are left (the
    /// fuzzer keeps those that do). When the family is the one `budget import` would pick (the first that
    /// recognizes the text), the whole `budget import --format form FILE` path runs — parser, form checks,
    /// the store's writer — in a rolled-back transaction; otherwise the parser runs on its own. Odd-length
    /// inputs run with `--skip-invalid`.
    ///
    /// Invariants: every form the parser returns lies inside the file, and so does every line it names; every
    /// finding of the import names a line of the file (or 0, the whole file).
    public static func fuzzForm(_ data: UnsafePointer<UInt8>, _ size: Int, family name: String) -> CInt {
        guard let family = formFamilies.first(where: { $0.name == name }) else { fatalError("fuzz: no form family \(name)") }
        let path = write(data, size, as: "input.txt")
        guard let text = decode(data, size, file: path) else { return 0 }
        let lines = formLines(text)
        guard family.recognizes(lines) else { return 0 }
        if formFamilies.first(where: { $0.recognizes(lines) })?.name == name {
            guard let report = importDryRun(path, format: .form, skipInvalid: size % 2 == 1) else { return 0 }
            checkFindings(report, lineCount: lines.count)
        } else {
            let result = family.parse(lines)
            for form in result.forms {
                require(form.startLine >= 1 && form.startLine <= form.endLine && form.endLine <= lines.count,
                        "a form at lines \(form.startLine)–\(form.endLine) of \(lines.count)")
                for (field, line) in form.lines {
                    require(line >= 1 && line <= lines.count, "\(field) read at line \(line) of \(lines.count)")
                }
            }
            for problem in result.problems {
                require(problem.line >= 0 && problem.line <= lines.count, "a problem at line \(problem.line) of \(lines.count)")
            }
        }
        return 0
    }

    /// Every finding of an import of one file names a line of it (0: the whole file).
    public static func checkFindings(_ report: ImportReport, lineCount: Int) {
        require(!report.committed, "a dry run committed")
        for finding in report.errors + report.warnings + report.skipped {
            require(finding.line >= 0 && finding.line <= lineCount, "a finding at line \(finding.line) of \(lineCount): \(finding)")
        }
    }

    /// Stops the fuzzer with a message when an invariant does not hold (a crash libFuzzer saves the input of).
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz invariant: \(message())") }
    }

    /// The history the scratch store starts with: a department with two units, a project of each kind, names
    /// with compatibility characters, and a second data source.
    static let seedHistory = """
        department,unit,project,category,year,status,initial_budget,adjusted_budget,executed,total_score,data_source
        深圳市商务局,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,经常性专项业务费,2019,closed,"230,000.00","230,000.00","198,000.00",92,seed
        深圳市商务局,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,经常性专项业务费,2020,closed,"230,000.00","230,000.00","82,694.30",78.5,seed
        深圳市商务局,深圳市商务局,办公设备采购,一次性项目,2020,closed,"360,000.00","3,385,747.00","3,385,747.00",,seed
        上海市商务委员会,上海WTO事务咨询中⼼,WTO事务社会公众信息服务专项,经常性专项业务费,2019,closed,"1,948,101.65","1,948,101.65","1,900,000.00",88,seed
        上海市商务委员会,上海WTO事务咨询中⼼,WTO事务社会公众信息服务专项,经常性专项业务费,2020,open,"2,000,000.00",,,,seed
        City,Police,Personnel,,2021,closed,1000000,1000000,990000,,other
        City,Police,Non-Personnel,,2021,closed,500000,520000,400000,,other

        """
}

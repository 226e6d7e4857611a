import Foundation
import FuzzSupport
import ScenarioFile

/// The scenario reader of `budget scenario run FILE`: `ScenarioReader.load` on the input as a file in a folder
/// that holds the files the bundled scenarios and the tests name (history files, request files, a store, rules
/// files), so that paths resolve and the reader goes on past them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Fuzz.write(data, size, as: "scenario/plan.yaml")
    do {
        _ = try ScenarioReader.load(path: path)
    } catch {
        _ = error.description // the message is built as the CLI prints it
    }
    return 0
}

/// Makes the scenario folder once: files only need to exist for the reader (it does not import them), but the
/// rules files are read, so they hold rules.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let folder = (Fuzz.scratch as NSString).appendingPathComponent("scenario")
    try? FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
    let files = [
        "sample-history.csv": "project,year,executed\nA,2020,1.00\n",
        "000_546769cc8a0ec3c8.txt": "", "001_71f3a326dc5c2b88.txt": "", "002_ed3a86db11c65d94.txt": "",
        "003_2df205466e1d5f98.txt": "", "san-diego-budget-vs-actuals.csv": "", "h.csv": "", "r.csv": "",
        "requests-2024.csv": "project,year,requested\nA,2024,1.00\n",
        "budget.sqlite": "", "s.sqlite": "", "store.sqlite": "", "history.sqlite": "",
        "rules.yaml": "target_rate: 0.9\nlow_execution: 60%\n", "strict.yaml": "target_rate: 0.98\nidle_years: 1\n",
        "data/h.csv": "",
    ]
    for (name, text) in files {
        try? Data(text.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
    }
    return 0
}

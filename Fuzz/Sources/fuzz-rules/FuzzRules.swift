import FuzzSupport
import ScenarioFile

/// The rules file reader of `budget recommend --rules FILE` and a scenario's `rules: FILE`: `RulesFile.load`
/// on the input as a file (UTF-8 check, Yams, keys, values, the pack's validation).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Fuzz.write(data, size, as: "rules.yaml")
    do {
        _ = try RulesFile.load(path: path)
    } catch {
        _ = error.description // the message is built as the CLI prints it
    }
    return 0
}

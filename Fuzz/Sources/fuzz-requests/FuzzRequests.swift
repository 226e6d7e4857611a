import FuzzSupport
import Import

/// The requests reader of `budget review --requests FILE` and a scenario's `requests:`: `RequestReader.read`
/// on the input as a file (decoding, tokenizer, header layout, amounts).
///
/// Invariant: every request names a line of the file after the header, in increasing order.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Fuzz.write(data, size, as: "requests.csv")
    guard let requests = try? RequestReader.read(path: path) else { return 0 }
    var last = 1
    for request in requests {
        Fuzz.require(request.line > last, "a request at line \(request.line) after line \(last)")
        last = request.line
    }
    return 0
}

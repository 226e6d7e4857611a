import FuzzSupport

/// Form family 绩效自评表 as tab-separated OCR text, SelfEvaluationTableParser: see `Fuzz.fuzzForm`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.fuzzForm(data, size, family: "self-evaluation-table")
}

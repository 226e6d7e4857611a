import FuzzSupport

/// Form family 绩效目标表 / 绩效目标申报表 (target declarations), DeclarationParser: see `Fuzz.fuzzForm`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.fuzzForm(data, size, family: "declaration")
}

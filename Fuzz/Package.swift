// swift-tools-version: 6.1
// libFuzzer targets for budget's parsers: one small executable per input reader, each built with
// `-sanitize=fuzzer,address` (see Fuzz/README.md and `make fuzz`). A package of its own, so that the main
// package's `swift build` and `swift test` never see the sanitizer flags; it uses the main package's library
// products (BudgetImport, BudgetStore, BudgetScenarioFile) through a path dependency.
import PackageDescription

/// The entry point is libFuzzer's `main`, which calls `LLVMFuzzerTestOneInput` (defined with `@_cdecl` in each
/// target): no `@main`, so the files are parsed as a library.
let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func budget(_ product: String) -> Target.Dependency { .product(name: product, package: "budget") }

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map(budget), path: "Sources/\(name)",
                      swiftSettings: fuzzSettings)
}

let package = Package(
    name: "BudgetFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so that the products are found whatever the folder the main package is cloned into.
        .package(name: "budget", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [budget("BudgetImport"), budget("BudgetStore")]),
        fuzzTarget("fuzz-csv", ["BudgetImport", "BudgetStore"]),
        fuzzTarget("fuzz-declaration", ["BudgetImport", "BudgetStore"]),
        fuzzTarget("fuzz-self-evaluation-text", ["BudgetImport", "BudgetStore"]),
        fuzzTarget("fuzz-self-evaluation-table", ["BudgetImport", "BudgetStore"]),
        fuzzTarget("fuzz-requests", ["BudgetImport"]),
        fuzzTarget("fuzz-scenario", ["BudgetScenarioFile"]),
        fuzzTarget("fuzz-rules", ["BudgetScenarioFile"]),
    ]
)

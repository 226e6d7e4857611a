// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "budget",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "budget", targets: ["budget"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "BudgetImport", targets: ["Import"]),
        .library(name: "BudgetStore", targets: ["Store"]),
        .library(name: "BudgetScenarioFile", targets: ["ScenarioFile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // .xlsx in and out: the zip container (the XML inside is read with FoundationXML's parser).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Debian's reference LAPACK (liblapack-dev), Fortran ABI.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapack",
            providers: [.apt(["liblapack-dev"])]
        ),
        // Replaces LAPACK's xerbla_ (which ends the process with status 0) by one that records the error.
        .target(name: "CLapackErrorHandler"),
        .target(name: "LinearAlgebra", dependencies: ["CLapack", "CLapackErrorHandler"]),
        .target(name: "BudgetCore"),
        .target(name: "Store", dependencies: [
            "BudgetCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"), // the C API, for the import's hot statements
        ]),
        .target(name: "Import", dependencies: [
            "BudgetCore", "Store", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Forecasting", dependencies: ["BudgetCore", "LinearAlgebra"]),
        .target(name: "Reports", dependencies: [
            "BudgetCore", "LinearAlgebra", "Forecasting", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Scenario files and rule packs (YAML), read with errors naming file, line and column.
        .target(name: "ScenarioFile", dependencies: [
            "BudgetCore", "Forecasting", "Import",
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(
            name: "budget",
            dependencies: [
                "BudgetCore", "Store", "Import", "Reports", "LinearAlgebra", "Forecasting", "ScenarioFile",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BudgetCoreTests", dependencies: ["BudgetCore"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "BudgetCore"]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Store", "BudgetCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "BudgetCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "BudgetCore", "Forecasting"]),
        .testTarget(name: "ScenarioFileTests", dependencies: ["ScenarioFile", "Forecasting", "BudgetCore", "Import"]),
        .testTarget(name: "BudgetCLITests", dependencies: ["budget"], exclude: ["Fixtures"]),
    ]
)

// swift-tools-version:6.0
// encmap — a map of sentence encoders from quantum relative entropy, and downstream-score prediction.
import PackageDescription

let package = Package(
    name: "encmap",
    products: [
        .executable(name: "encmap", targets: ["encmap"]),
        // Libraries for packages that drive the modules directly (Tests/Fuzz).
        .library(name: "Features", targets: ["Features"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    targets: [
        // The only place C enters: OpenBLAS (CBLAS) and LAPACKE through a module map.
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"]),
        .target(name: "Features", dependencies: ["LinearAlgebra", "Tabular"]),
        .target(name: "Regression", dependencies: ["LinearAlgebra"]),
        .target(name: "Tabular"),
        .target(name: "AtomicOutput"),
        .target(name: "Map", dependencies: ["LinearAlgebra", "Tabular", "AtomicOutput"]),
        .target(name: "Experiments", dependencies: ["LinearAlgebra", "Features", "Regression", "Map", "Tabular", "AtomicOutput"]),
        .executableTarget(name: "encmap", dependencies: ["LinearAlgebra", "Features", "Regression", "Map", "Experiments", "Tabular"]),

        // Benchmarks (run by `make bench`, beside their Python references).
        .executableTarget(name: "encmap-bench-regression", dependencies: ["Regression", "LinearAlgebra"],
                          path: "bench/regression/Sources"),
        .executableTarget(name: "encmap-bench-tsne", dependencies: ["Map", "LinearAlgebra"], path: "bench/map/Sources"),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "LinearAlgebra", "Tabular"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "LinearAlgebra"]),
        .testTarget(name: "MapTests", dependencies: ["Map", "LinearAlgebra", "Tabular"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Tabular"]),
        .testTarget(name: "AtomicOutputTests", dependencies: ["AtomicOutput"]),
        .testTarget(name: "encmapTests", dependencies: ["encmap"]),
    ]
)

// swift-tools-version:6.0
// encmap — a map of sentence encoders from quantum relative entropy, and downstream-score prediction.
//
// Module graph (arrows point down only; README "Development" draws it and `scripts/check-modules.sh`
// checks this file against it):
//
//   encmap (CLI) → Experiments → Features, Regression, Map, MTEB → EncmapIO → EncmapSupport
//                                 Features, Regression, Map → LinearAlgebra → EncmapSupport, CLinearAlgebra
//                                                                  EncmapSupport → CLinearAlgebra (CPUID, SHA-NI)
import PackageDescription

let package = Package(
    name: "encmap",
    products: [
        .executable(name: "encmap", targets: ["encmap"]),
        // Libraries for packages that drive the modules directly (Tests/Fuzz).
        .library(name: "EncmapIO", targets: ["EncmapIO"]),
        .library(name: "Features", targets: ["Features"]),
        .library(name: "MTEB", targets: ["MTEB"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    targets: [
        // The only place C enters: OpenBLAS (CBLAS) and LAPACKE through a module map, plus CPUID and the
        // SHA-NI SHA-256 compression function as static inline C in its shim header.
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        // Seeded RNG, SHA-256 (SHA-NI through CLinearAlgebra's shim when the CPU has it), bounded
        // parallelism, encoder ids, the one error shape, suggestions.
        .target(name: "EncmapSupport", dependencies: ["CLinearAlgebra"]),
        // Files: NPY, CSV, JSON, atomic file and folder writes.
        .target(name: "EncmapIO", dependencies: ["EncmapSupport"]),
        // Dense matrices over BLAS/LAPACK.
        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra", "EncmapSupport"]),
        // QRE maths, feature extraction, cache, shards.
        .target(name: "Features", dependencies: ["LinearAlgebra", "EncmapIO", "EncmapSupport"]),
        // Regressors, preprocessing, cross-validation, correlations.
        .target(name: "Regression", dependencies: ["LinearAlgebra", "EncmapSupport"]),
        // t-SNE, neighbours, linkage, the map's files and page.
        .target(name: "Map", dependencies: ["LinearAlgebra", "EncmapIO", "EncmapSupport"]),
        // MTEB task catalog and result files.
        .target(name: "MTEB", dependencies: ["EncmapIO", "EncmapSupport"]),
        // Specs, plans, runs, records, tables, predictions.
        .target(name: "Experiments", dependencies: ["LinearAlgebra", "Features", "Regression", "Map", "MTEB", "EncmapIO", "EncmapSupport"]),
        .executableTarget(name: "encmap", dependencies: ["LinearAlgebra", "Features", "Regression", "Map", "MTEB", "Experiments", "EncmapIO", "EncmapSupport"]),

        // Benchmarks (run by `make bench`, beside their Python references).
        .executableTarget(name: "encmap-bench-regression", dependencies: ["Regression", "LinearAlgebra"],
                          path: "bench/regression/Sources"),
        .executableTarget(name: "encmap-bench-tsne", dependencies: ["Map", "LinearAlgebra"], path: "bench/map/Sources"),
        .executableTarget(name: "encmap-bench-distances", dependencies: ["Map", "LinearAlgebra"], path: "bench/map-scale/Sources"),
        .executableTarget(name: "encmap-bench-page", dependencies: ["Map", "LinearAlgebra"], path: "bench/map-page/Sources"),
        .executableTarget(name: "encmap-bench-sha256", dependencies: ["EncmapIO", "EncmapSupport"], path: "bench/features/Sources"),

        // Shared by the test targets only: seeded streams, tolerances, fixture paths, spec text.
        .target(name: "TestSupport", dependencies: ["LinearAlgebra", "EncmapSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "EncmapSupportTests", dependencies: ["EncmapSupport"]),
        .testTarget(name: "EncmapIOTests", dependencies: ["EncmapIO", "EncmapSupport"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "LinearAlgebra", "EncmapIO", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "LinearAlgebra", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "MapTests", dependencies: ["Map", "LinearAlgebra", "EncmapIO", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "MTEBTests", dependencies: ["MTEB", "EncmapIO", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "MTEB", "Features", "EncmapIO", "EncmapSupport", "TestSupport"]),
        .testTarget(name: "encmapTests", dependencies: ["encmap", "EncmapSupport", "TestSupport"]),
    ]
)

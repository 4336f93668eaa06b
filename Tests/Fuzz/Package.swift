// swift-tools-version:5.4
// libFuzzer targets for encmap's parsers of untrusted input. Not part of the main package: build and run
// them with `bash scripts/fuzz.sh SECONDS` from the repository root (it passes -sanitize=fuzzer,address).
//
// Tools version 5.4 on purpose: from 5.5 SwiftPM renames an executable's entry point to `<target>_main`
// and links `main` to it, which collides with libFuzzer supplying `main`; 5.4 also lets the path
// dependency be named "encmap" whatever the checkout's folder is called.
import PackageDescription

let encmap = "encmap"

let package = Package(
    name: "encmap-fuzz",
    dependencies: [.package(name: "encmap", path: "../..")],
    targets: [
        // Shared checks: one-line error messages, no unexpected error types.
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        // NPY.readStreaming and EmbeddingMatrix.load from a file (the product's path), against NPY.read(data:path:).
        .executableTarget(name: "fuzz-npy", dependencies: ["FuzzSupport", .product(name: "EncmapIO", package: encmap),
                                                           .product(name: "Features", package: encmap)],
                          path: "Sources/fuzz-npy"),
        // CSVTable(text:path:) — RFC 4180 reader; round trip through CSVTable.line.
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport", .product(name: "EncmapIO", package: encmap)],
                          path: "Sources/fuzz-csv"),
        // ExperimentSpec.parse(_:file:baseDirectory:) — strict JSON spec; resolved spec round trip.
        .executableTarget(name: "fuzz-spec", dependencies: ["FuzzSupport", .product(name: "Experiments", package: encmap)],
                          path: "Sources/fuzz-spec"),
        // MTEBResults.score(ofTask:resultFile:file:) — one MTEB result file, both schemas, several task types.
        .executableTarget(name: "fuzz-mteb", dependencies: ["FuzzSupport", .product(name: "MTEB", package: encmap)],
                          path: "Sources/fuzz-mteb"),
    ]
)

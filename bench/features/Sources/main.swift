// SHA-256 throughput of encmap's two implementations (SHA-NI, portable), in memory and from files.
// usage: encmap-bench-sha256 REPEATS FILE...   — prints one JSON object (medians over REPEATS).
import EncmapIO
import EncmapSupport
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

let args = CommandLine.arguments
guard args.count >= 3, let repeats = Int(args[1]), repeats >= 1 else {
    FileHandle.standardError.write(Data("usage: encmap-bench-sha256 REPEATS FILE...\n".utf8))
    exit(2)
}
let files = args.dropFirst(2).map { URL(fileURLWithPath: $0) }
let bytes = try files.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: $1.path)[.size] as? Int) ?? 0) }
let memory = [UInt8](repeating: 0x5a, count: 64 << 20)
var rows: [String] = []
var digests: [String: [String]] = [:]
for impl in SHA256.Implementation.allCases where impl == .portable || SHA256.hardwareAvailable {
    let inMemory = median((0..<repeats).map { _ in
        seconds { var h = SHA256(implementation: impl); memory.withUnsafeBytes { h.update($0) }; _ = h.finalize() }
    })
    var ds: [String] = []
    let fromFiles = median(try (0..<repeats).map { _ in
        try seconds { ds = try files.map { try SHA256.hex(fileAt: $0, implementation: impl) } }
    })
    digests[impl.rawValue] = ds
    rows.append("""
    "\(impl.rawValue)": {"in_memory_MB_per_s": \(Double(memory.count) / inMemory / 1e6), \
    "files_MB_per_s": \(Double(bytes) / fromFiles / 1e6), "files_s": \(fromFiles)}
    """)
}
let same = Set(digests.values.map { $0.joined(separator: ",") }).count == 1
print("{\"bytes\": \(bytes), \"files\": \(files.count), \"hardware_available\": \(SHA256.hardwareAvailable), "
      + "\"digests_agree\": \(same), \"digests\": \(digests["portable"] ?? []), " + rows.joined(separator: ", ") + "}")

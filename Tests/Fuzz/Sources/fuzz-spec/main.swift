import Experiments
import Foundation
import FuzzSupport

let base = URL(fileURLWithPath: "/nonexistent/encmap-fuzz")

/// Parses arbitrary bytes (as UTF-8) as an experiment spec. Every outcome must be a spec or a one-line
/// `ExperimentError.spec` at a JSON path; an accepted spec's resolved JSON (what run.json records)
/// must parse back to the same resolved spec.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpec(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let spec: ExperimentSpec
    do {
        spec = try ExperimentSpec.parse(text, file: "fuzz.json", baseDirectory: base)
    } catch let error as ExperimentError {
        FuzzCheck.oneLine(error, "fuzz-spec")
        guard case .spec(let file, let path, _) = error else {
            fatalError("fuzz-spec: parsing gave a non-spec error: \(error)")
        }
        FuzzCheck.require(file == "fuzz.json" && path.hasPrefix("$"), "error without file and JSON path: \(error)", "fuzz-spec")
        return 0
    } catch {
        fatalError("fuzz-spec: unexpected error type \(type(of: error)): \(error)")
    }
    let resolved = spec.resolvedJSON()
    let written = resolved.serialized()
    do {
        let again = try ExperimentSpec.parse(written, file: "fuzz.json", baseDirectory: base)
        FuzzCheck.require(again.resolvedJSON() == resolved,
                          "resolved spec does not round-trip: \(written) → \(again.resolvedJSON().serialized())", "fuzz-spec")
    } catch {
        fatalError("fuzz-spec: the resolved spec is rejected: \(error) for \(written)")
    }
    _ = spec.outputURL
    return 0
}

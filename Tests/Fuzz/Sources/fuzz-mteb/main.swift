import Foundation
import FuzzSupport
import MTEB

/// Tasks of different types, schemas and subset rules: STS (both schemas), a fixed English subset
/// (STS17 en-en), retrieval, pair classification (legacy `ap` fallback), classification with a
/// language list (en), clustering (v_measure), summarization, a versioned task, a CQADupstack forum.
let tasks = ["STS12", "STS17", "SciFact", "TwitterSemEval2015", "AmazonCounterfactualClassification",
             "ArxivClusteringS2S", "SummEval", "STS22.v2", "CQADupstackGamingRetrieval"]

/// Reads arbitrary bytes as one MTEB result file of one task above (chosen by the input's length, so
/// that mutations visit every task while each execution parses once). Every outcome must be a score on
/// the 0..1 scale (−1…1 for correlations), nil (no score for that split/subset), or a one-line `MTEBError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMTEB(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    for task in [tasks[count % tasks.count]] {
        do {
            if let v = try MTEBResults.score(ofTask: task, resultFile: data, file: "\(task).json") {
                FuzzCheck.require(v.isFinite && abs(v) <= 1 + 1e-9, "score \(v) outside -1…1 for \(task)", "fuzz-mteb")
            }
        } catch let error as MTEBError {
            FuzzCheck.oneLine(error, "fuzz-mteb")
            FuzzCheck.require(error.kind != .unknownTask, "catalog lost task \(task)", "fuzz-mteb")
        } catch {
            fatalError("fuzz-mteb: unexpected error type \(type(of: error)): \(error)")
        }
    }
    return 0
}

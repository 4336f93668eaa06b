import EncmapSupport
import Foundation
import Testing
import TestSupport

/// Numerical edge cases through the binary: identical encoders (QRE 0, ℓ1 0, kNN ties broken by the
/// scores table's row order, the same every run) and float64 embeddings of extreme magnitude.
@Suite struct RobustnessNumericsCommandTests {
    @Test func identicalEncodersHaveZeroQREAndTiedNeighboursResolveByRowOrder() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // twin-1 and twin-2 are the same encoder; `other` is equidistant from both.
        try FileManager.default.createDirectory(at: ws.url("twins"), withIntermediateDirectories: true)
        let twin = try Data(contentsOf: ws.url("features/enc-c.npy"))
        try twin.write(to: ws.url("twins/twin-1.npy"))
        try twin.write(to: ws.url("twins/twin-2.npy"))
        for id in ["enc-d", "enc-e", "enc-f"] {
            try FileManager.default.copyItem(at: ws.url("features/\(id).npy"), to: ws.url("twins/\(id).npy"))
        }
        try ws.write("encoder,A\ntwin-2,0.9\ntwin-1,0.1\nenc-d,0.5\nenc-e,0.6\nenc-f,0.7\n", "twins.csv")
        let spec = try ws.spec([
            "encoders": "{\"features\": \"twins\"}",
            "scores": "{\"csv\": \"twins.csv\", \"tasks\": [\"A\"]}",
            "preprocess": "{\"standardize\": false}",
            "regressors": "[{\"kind\": \"knn\", \"k\": 1, \"metric\": \"manhattan\"}]",
            "crossValidation": "{\"kind\": \"loo\"}",
        ])
        let first = try runEncmap(["run", spec])
        #expect(first.status == 0, "\(first.stderr)")
        let predictions = try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8)
        let rows = predictions.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let predicted = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Double($0[5])!) })
        // Each twin's nearest neighbour is the other twin, at ℓ1 distance 0.
        #expect(predicted["twin-1"] == 0.9 && predicted["twin-2"] == 0.1, "\(predicted)")
        // Any other encoder is equally far from both twins: the tie goes to the earlier training row
        // (twin-2, first in the scores table) unless another encoder is nearer.
        let order = ["twin-2", "twin-1", "enc-d", "enc-e", "enc-f"]
        let score = ["twin-2": 0.9, "twin-1": 0.1, "enc-d": 0.5, "enc-e": 0.6, "enc-f": 0.7]
        let vectors = try Dictionary(uniqueKeysWithValues: order.map { ($0, npyValues(try Data(contentsOf: ws.url("twins/\($0).npy")))) })
        for query in order {
            let training = order.filter { $0 != query }
            let distances = training.map { t in zip(vectors[query]!, vectors[t]!).reduce(0) { $0 + abs($1.0 - $1.1) } }
            let best = distances.min()!
            let first = training[distances.firstIndex(of: best)!]
            #expect(predicted[query] == score[first], "\(query): nearest is \(first) (first of the tied rows)")
        }
        let again = try runEncmap(["run", spec])
        #expect(again.status == 0)
        #expect(try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8) == predictions, "ties resolve the same way every run")

        // Embeddings: identical encoders have QRE 0 both ways and equal feature vectors.
        let a = ws.url("embeddings/enc-c.npy")
        let b = try ws.write(try Data(contentsOf: a), "copy/enc-c-copy.npy")
        let q = try runEncmap(["qre", a.path, b.path])
        #expect(q.status == 0)
        #expect(abs(Double(q.stdout.split(separator: "\n").last ?? "") ?? .nan) < 1e-9, "\(q.stdout)")
        let f = try runEncmap(["features", "--out", ws.url("f").path, a.path, b.path])
        #expect(f.status == 0, "\(f.stderr)")
        let va = npyValues(try Data(contentsOf: ws.url("f/enc-c.npy")))
        let vb = npyValues(try Data(contentsOf: ws.url("f/enc-c-copy.npy")))
        #expect(va.count == Workspace.n && zip(va, vb).reduce(0) { $0 + abs($1.0 - $1.1) } == 0)
    }

    /// float64 embeddings whose squares overflow (1e200) or underflow (1e-160, 1e-200) give the features of
    /// the same embeddings at ordinary scale — before the fix: an unclear LAPACK error, NaN or rank 0.
    @Test(arguments: [1e-200, 1e-160, 1e200])
    func extremeFloat64MagnitudesGiveTheUnscaledFeatures(_ c: Double) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var rng = SplitMix64(state: 99)
        let rows = rng.clampedNormalRows(Workspace.n, 4)
        let plain = try ws.write(NPYBytes.float64(rows), "plain/e.npy")
        let extreme = try ws.write(NPYBytes.float64(rows.map { $0.map { $0 * c } }), "extreme/e-scaled.npy")
        let r1 = try runEncmap(["features", "--out", ws.url("o1").path, plain.path])
        let r2 = try runEncmap(["features", "--out", ws.url("o2").path, extreme.path])
        #expect(r1.status == 0 && r2.status == 0, "\(r2.stderr)")
        let s1 = try String(contentsOf: ws.url("o1/summary.csv"), encoding: .utf8)
        let s2 = try String(contentsOf: ws.url("o2/summary.csv"), encoding: .utf8)
        #expect(csvClose(s1, s2.replacingOccurrences(of: "e-scaled,", with: "e,")), "\(s1) vs \(s2)")
        #expect(npyValues(try Data(contentsOf: ws.url("o1/e.npy"))).count == Workspace.n)
        #expect(foldersClose(["/v.npy": try Data(contentsOf: ws.url("o1/e.npy"))], ["/v.npy": try Data(contentsOf: ws.url("o2/e-scaled.npy"))]))
        let q = try runEncmap(["qre", plain.path, extreme.path])
        #expect(abs(Double(q.stdout.split(separator: "\n").last ?? "") ?? .nan) < 1e-8, "\(q.stdout) \(q.stderr)")
    }
}

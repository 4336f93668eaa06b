import Foundation
import Testing
import TestSupport

/// The command line through the built binary: help, did-you-mean, and the one message shape of bad values.
@Suite struct CLICommandLineTests {
    static let commands = ["features", "qre", "validate", "run", "tables", "predict", "map", "synth", "demo"]

    @Test(arguments: commands)
    func helpOfEveryCommandExitsZero(_ command: String) throws {
        for flag in ["--help", "-h"] {
            let r = try runEncmap([command, flag])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("usage: encmap \(command)"))
        }
    }

    @Test func mainHelpListsEveryCommand() throws {
        let r = try runEncmap(["--help"])
        #expect(r.status == 0)
        for command in Self.commands { #expect(r.stdout.contains("\n  \(command) "), "\(command)") }
        let v = try runEncmap(["--version"])
        #expect(v.status == 0 && v.stdout.hasPrefix("encmap 0.1.0, "))
    }

    @Test(arguments: [
        (["fetures"], "encmap: error: unknown command 'fetures' (did you mean 'features'?)"),
        (["vaildate", "x.json"], "encmap: error: unknown command 'vaildate' (did you mean 'validate'?)"),
        (["frobnicate"], "encmap: error: unknown command 'frobnicate'"),
        (["features", "--outt", "/tmp/x", "x.npy"], "encmap features: error: unknown option '--outt' (did you mean '--out'?)"),
        (["predict", "--neighbour", "3", "r", "x"], "encmap predict: error: unknown option '--neighbour' (did you mean '--neighbours'?)"),
        (["map", "--colour-by", "group"], "encmap map: error: unknown option '--colour-by' (did you mean '--color-by'?)"),
        (["run", "--fast", "a.json"], "encmap run: error: unknown option '--fast'"),
    ])
    func unknownNamesSuggestTheClosest(_ arguments: [String], _ line: String) throws {
        let r = try runEncmap(arguments)
        #expect(r.status == 2)
        #expect(r.errorLine == line)
        #expect(r.stderr.contains("usage: encmap"))
    }

    @Test(arguments: [
        (["features", "--parallel", "x", "--out", "/tmp/encmap-unused", "x.npy"], "option '--parallel' needs a whole number ≥ 1, got 'x'"),
        (["synth", "--n", "1", "--out", "/tmp/encmap-unused"], "option '--n' needs a whole number ≥ 2, got '1'"),
        (["map", "--features", "f", "--seed", "-1", "--out", "o"], "option '--seed' needs a whole number ≥ 0, got '-1'"),
        (["predict", "--neighbours", "two", "r", "x"], "option '--neighbours' needs a whole number ≥ 0, got 'two'"),
        (["qre", "--epsilon", "abc", "a", "b"], "option '--epsilon' needs a number, got 'abc'"),
        (["map", "--features", "f", "--perplexity", "0", "--out", "o"], "option '--perplexity' needs a number > 0, got '0'"),
        (["features", "--out", "", "x.npy"], "option '--out' needs a path, got ''"),
        (["features", "--merge=", "d"], "option '--merge' needs a path, got ''"),
        (["qre", "--rank-tolerance"], "option '--rank-tolerance' needs a value"),
    ])
    func badValuesHaveOneShape(_ arguments: [String], _ message: String) throws {
        let r = try runEncmap(arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLine == "encmap \(arguments[0]): error: \(message)")
        #expect(r.stderr.contains("usage: encmap \(arguments[0])"))
    }

    @Test func qreJSONIsOneLineInTheDocumentedKeyOrder() throws {
        let fixture = repositoryRoot.appendingPathComponent("experiments/data/fixture-400")
        let r = try runEncmap(["qre", "--json", fixture.appendingPathComponent("glove.6B.50d-mean.npy").path,
                               fixture.appendingPathComponent("all-MiniLM-L6-v2-int8.npy").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\"qre\": ") && r.stdout.hasSuffix("}\n") && r.stdout.split(separator: "\n").count == 1)
        #expect(r.stdout.contains(", \"rank_a\": 50, \"rank_b\": 381, \"entropy_a\": "), "\(r.stdout)")
    }
}

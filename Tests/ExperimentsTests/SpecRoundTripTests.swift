import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

/// The resolved spec (what run.json records) is the spec: parsing it gives an equal spec, and resolving
/// that again gives the same JSON, for the shipped specs and for thousands of generated ones.
@Suite struct SpecRoundTripTests {
    let base = URL(fileURLWithPath: "/nonexistent/specs")

    func expectRoundTrip(_ spec: ExperimentSpec, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let resolved = spec.resolvedJSON()
        let again = try ExperimentSpec.parse(resolved.serialized(), file: spec.file, baseDirectory: spec.baseDirectory)
        #expect(again == spec, "\(label): \(resolved.serialized())", sourceLocation: sourceLocation)
        #expect(again.resolvedJSON() == resolved, "\(label): resolvedJSON is not a fixed point", sourceLocation: sourceLocation)
    }

    @Test func shippedSpecsRoundTrip() throws {
        let folder = repositoryRoot.appendingPathComponent("experiments")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") && $0 != "schema.json" }
        #expect(names.count >= 3)
        for name in names {
            try expectRoundTrip(try ExperimentSpec.load(folder.appendingPathComponent(name)), name)
        }
    }

    @Test func generatedSpecsRoundTrip() throws {
        var generator = SpecGenerator(seed: 2024)
        var seen: (regressors: Set<String>, cv: Set<String>, methods: Set<String>, mapOnly: Int, setSources: Set<String>) = ([], [], [], 0, [])
        for k in 0..<3000 {
            let text = generator.spec().serialized()
            let spec: ExperimentSpec
            do {
                spec = try ExperimentSpec.parse(text, file: "g.json", baseDirectory: base)
            } catch {
                Issue.record("generated spec \(k) is rejected: \(error)\n\(text)")
                continue
            }
            try expectRoundTrip(spec, "generated spec \(k)")
            seen.regressors.formUnion(spec.regressors.map { type(of: $0.kind).kind })
            seen.cv.insert(type(of: spec.crossValidation.scheme).kind)
            seen.methods.insert(type(of: spec.features.kind).name)
            if !spec.hasExperiment { seen.mapOnly += 1 }
            for set in spec.featureSets ?? [] {
                switch set.source {
                case .method: seen.setSources.insert("method")
                case .summary: seen.setSources.insert("summary")
                case .featuresCsv: seen.setSources.insert("featuresCsv")
                }
            }
        }
        // The generator covers every registered kind (a kind added to a registry needs a case in SpecGenerator).
        #expect(seen.regressors == Set(RegressorRegistry.kindNames))
        #expect(seen.cv == Set(CrossValidationRegistry.kindNames))
        #expect(seen.methods == Set(FeatureMethodRegistry.names))
        #expect(seen.mapOnly > 100)
        #expect(seen.setSources == ["method", "summary", "featuresCsv"], "every kind of feature set is generated")
    }

    /// Equality sees every option: specs that differ in one option are unequal.
    @Test func equalityDistinguishesOptions() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        let reference = try parseSpec(demoSpec([:], output: out))
        #expect(try parseSpec(demoSpec([:], output: out)) == reference)
        let variants: [(String, String)] = [
            ("regressors", "[{\"name\": \"ridge\", \"kind\": \"ridge\", \"alphas\": [0.1, 1, 10], \"alphaPerTask\": false}, {\"name\": \"knn-3\", \"kind\": \"knn\", \"k\": 3}, {\"name\": \"mean\", \"kind\": \"mean\"}]"),
            ("regressors", "[{\"name\": \"ridge\", \"kind\": \"ridge\", \"alphas\": [0.1, 1, 10]}, {\"name\": \"knn-3\", \"kind\": \"knn\", \"k\": 3, \"metric\": \"cosine\"}, {\"name\": \"mean\", \"kind\": \"mean\"}]"),
            ("regressors", "[{\"name\": \"ridge\", \"kind\": \"ridge\", \"alphas\": [0.1, 1, 10]}, {\"name\": \"knn-3\", \"kind\": \"mean\"}, {\"name\": \"mean\", \"kind\": \"mean\"}]"),
            ("crossValidation", "{\"kind\": \"kfold\", \"folds\": 19}"),
            ("crossValidation", "{\"kind\": \"repeatedKFold\", \"folds\": 5, \"repeats\": 1}"),
            ("crossValidation", "{\"kind\": \"kfold\", \"folds\": 5, \"shuffle\": true}"),
            ("features", "{\"method\": \"spectrum\"}"),
            ("features", "{\"rankTolerance\": 0}"),
            ("bootstrap", "{\"resamples\": 200, \"seed\": 1}"),
            ("map", "{}"),
        ]
        for (key, value) in variants {
            #expect(try parseSpec(demoSpec([key: value], output: out)) != reference, "\(key): \(value)")
        }
    }

    /// Each kind's keys are its own or shared declarations, listed once; kinds have distinct names.
    @Test func registriesAreWellFormed() throws {
        for names in [RegressorRegistry.kindNames, CrossValidationRegistry.kindNames, FeatureMethodRegistry.names] {
            #expect(Set(names).count == names.count, "\(names)")
        }
        for keys in RegressorRegistry.all.map({ $0.keys }) + CrossValidationRegistry.all.map({ $0.keys }) {
            let names = keys.map(\.name)
            #expect(Set(names).count == names.count, "\(names)")
            #expect(!names.contains("kind") && !names.contains("name"), "\(names): kind and name are the registry's")
            for key in keys { _ = try key.schemaEntry() }
        }
        #expect(throws: SpecSchema.Conflict.self) {
            try SpecSchema.properties([KeySpec("folds", default: .number(5)), KeySpec("folds", default: .number(3))])
        }
    }
}

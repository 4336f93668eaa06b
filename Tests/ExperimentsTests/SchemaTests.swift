import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

/// experiments/schema.json documents exactly the keys the reader accepts: the registries' regressor
/// kinds, cross-validation kinds and feature methods entry by entry, every other section key by key,
/// and every default as the reader fills it in.
@Suite struct SchemaTests {
    let schema: JSONValue = {
        let url = repositoryRoot.appendingPathComponent("experiments/schema.json")
        return (try? JSONValue.parse(String(contentsOf: url, encoding: .utf8))) ?? .null
    }()

    func properties(_ v: JSONValue?) -> [String: JSONValue] { v?["properties"]?.object ?? [:] }
    func keys(_ v: JSONValue?) -> Set<String> { Set(properties(v).keys) }

    /// Objects with their members sorted by key, recursively (member order does not matter in a schema).
    func normalized(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): .object(m.map { ($0.0, normalized($0.1)) }.sorted { $0.0 < $1.0 })
        case .array(let a): .array(a.map(normalized))
        default: v
        }
    }

    func expectSame(_ documented: [String: JSONValue], _ declared: [(String, JSONValue)], _ section: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(documented.keys) == Set(declared.map(\.0)), "\(section): schema.json lists \(documented.keys.sorted()), the registry \(declared.map(\.0))",
                sourceLocation: sourceLocation)
        for (key, entry) in declared {
            #expect(documented[key].map(normalized) == normalized(entry),
                    "\(section).\(key): schema.json has \(documented[key]?.serialized() ?? "nothing"), the registry declares \(entry.serialized())",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func registriesMatchTheSchemaEntryByEntry() throws {
        let top = properties(schema)
        expectSame(properties(top["regressors"]?["items"]), try SpecSchema.regressorProperties(), "regressors[]")
        expectSame(properties(top["crossValidation"]), try SpecSchema.crossValidationProperties(), "crossValidation")
        let method = try SpecSchema.featureMethodProperties()
        expectSame(properties(top["features"]).filter { k, _ in method.contains { $0.0 == k } }, method, "features")
        #expect(keys(top["features"]) == Set(ExperimentSpec.FeatureSettings.commonKeys + method.map(\.0)))
    }

    @Test func sectionsListTheReadersKeys() {
        typealias S = ExperimentSpec
        #expect(keys(schema) == Set(S.keys))
        let sections: [(String, [String])] = [("encoders", S.Encoders.keys), ("scores", S.Scores.keys), ("preprocess", S.Preprocess.keys),
                                              ("bootstrap", S.Bootstrap.keys), ("map", S.MapSettings.keys)]
        for (name, declared) in sections {
            #expect(keys(schema["properties"]?[name]) == Set(declared), "\(name)")
        }
        #expect(schema["properties"]?["map"]?["properties"]?["metric"]?["enum"]?.strings == S.MapSettings.metricNames)
        let set = schema["properties"]?["featureSets"]?["items"]
        #expect(keys(set) == Set(S.FeatureSet.keys))
        #expect(set?["properties"]?["method"]?["enum"]?.strings == FeatureMethodRegistry.names)
        #expect(set?["properties"]?["summary"]?["items"]?["enum"]?.strings == S.SummaryStatistic.allCases.map(\.rawValue))
        #expect(schema["properties"]?["bootstrap"]?["properties"]?["resamples"]?["maximum"] == .number(Double(S.Bootstrap.maxResamples)))
    }

    /// Every default the schema states is the value the reader fills in (templated ones, like
    /// "../results/<name>", aside).
    @Test func schemaDefaultsAreTheReadersDefaults() throws {
        let spec = try parseSpec("""
        {"version": 1, "name": "d", "encoders": {"featuresCsv": "m.csv", "columns": ["a"]}, "features": {},
         "scores": {"csv": "s.csv", "tasks": ["A"]}, "preprocess": {},
         "regressors": [{"kind": "ridge", "alphas": [1]}, {"kind": "knn", "k": 3}, {"kind": "mean"}, {"kind": "elasticNet"}],
         "crossValidation": {}, "bootstrap": {}, "map": {}}
        """)
        let resolved = spec.resolvedJSON()
        var checked = 0
        func compare(_ documented: [String: JSONValue], _ written: [JSONValue], _ section: String) {
            for (key, entry) in documented {
                guard let d = entry["default"], !(d.string ?? "").contains("<") else { continue }
                for object in written {
                    guard let value = object[key] else { continue }
                    #expect(value == d, "\(section).\(key): the reader writes \(value.serialized()), schema.json says \(d.serialized())")
                    checked += 1
                }
            }
        }
        for section in ["encoders", "features", "scores", "preprocess", "crossValidation", "bootstrap", "map"] {
            compare(properties(schema["properties"]?[section]), [resolved[section] ?? .null], section)
        }
        guard case .array(let regressors)? = resolved["regressors"] else { Issue.record("no regressors"); return }
        compare(properties(schema["properties"]?["regressors"]?["items"]), regressors, "regressors[]")
        #expect(checked >= 25, "\(checked) defaults checked")
    }

    /// Every key of every shipped spec is documented, and the shipped specs parse.
    @Test func shippedSpecsUseDocumentedKeys() throws {
        let top = keys(schema)
        for name in ["demo.json", "mteb-v2.json", "figure2.json", "variants-15tasks.json", "variants-15tasks-family.json", "paper-protocol.json"] {
            let url = repositoryRoot.appendingPathComponent("experiments/\(name)")
            let spec = try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
            _ = try ExperimentSpec.load(url)
            for (key, value) in spec.object ?? [:] {
                #expect(top.contains(key), "\(name): \(key)")
                if case .object = value {
                    let documented = keys(schema["properties"]?[key])
                    for sub in value.object?.keys.map({ $0 }) ?? [] { #expect(documented.contains(sub), "\(name): \(key).\(sub)") }
                }
            }
        }
    }

    /// Every key the reader names in an unknown-key message is in the schema.
    @Test func unknownKeyMessagesListDocumentedKeys() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        let cases: [(String, String, JSONValue?)] = [
            ("encoders", "{\"features\": \"f\", \"zz\": 1}", schema["properties"]?["encoders"]),
            ("features", "{\"zz\": 1}", schema["properties"]?["features"]),
            ("scores", "{\"zz\": 1}", schema["properties"]?["scores"]),
            ("preprocess", "{\"zz\": 1}", schema["properties"]?["preprocess"]),
            ("bootstrap", "{\"zz\": 1}", schema["properties"]?["bootstrap"]),
            ("map", "{\"zz\": 1}", schema["properties"]?["map"]),
        ] + RegressorRegistry.kindNames.map { ("regressors", "[{\"kind\": \"\($0)\", \"zz\": 1}]", schema["properties"]?["regressors"]?["items"]) }
          + CrossValidationRegistry.kindNames.map { ("crossValidation", "{\"kind\": \"\($0)\", \"zz\": 1}", schema["properties"]?["crossValidation"]) }
        for (section, value, documented) in cases {
            do {
                _ = try parseSpec(demoSpec([section: value], output: out))
                Issue.record("\(section) \(value): accepted")
            } catch let e as ExperimentError {
                let d = e.description
                guard let r = d.range(of: "unknown key (expected one of: ") else { Issue.record("\(section): \(d)"); continue }
                let listed = d[r.upperBound...].prefix { $0 != ")" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(Set(listed).isSubset(of: keys(documented)), "\(section) \(value): \(listed)")
            }
        }
    }
}

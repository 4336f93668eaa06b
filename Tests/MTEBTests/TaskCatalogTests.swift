import EncmapIO
import Foundation
import TestSupport
@testable import MTEB
import Testing

// Expected task orders (`v1Columns`, `v2Columns`, `wideColumns`) are generated from the CSVs'
// headers by Tests/Fixtures/mteb/make_expected.py into MTEBExpected.swift.

@Test func benchmarksHaveTheOfficialTasksInTheCSVColumnOrder() throws {
    let v1 = try #require(TaskCatalog.benchmark(named: "MTEB(eng, v1)"))
    let v2 = try #require(TaskCatalog.benchmark(named: "MTEB(eng, v2)"))
    #expect(v1.count == 56)
    #expect(v2.count == 41)
    #expect(v1 == v1Columns)
    #expect(v2 == v2Columns)
    #expect(Set(v1).count == 56 && Set(v2).count == 41)
    #expect(TaskCatalog.englishTasks == wideColumns)
    #expect(TaskCatalog.benchmarkNames.map { TaskCatalog.benchmark(named: $0)! } == [v1, v2])
}

@Test func unknownBenchmarkNamesGiveNil() {
    for name in ["MTEB(eng)", "MTEB(eng, v3)", "mteb(eng, v1)", "MTEB(eng,v1)", "MTEB(eng, v1) ", "MTEB(Multilingual, v1)", ""] {
        #expect(TaskCatalog.benchmark(named: name) == nil, "\(name)")
    }
}

@Test func everyTaskHasATypeASplitAndIsFoundByName() throws {
    #expect(TaskCatalog.all.count == 82)  // 72 benchmark tasks + 10 sub-forums in neither benchmark
    for name in wideColumns + TaskCatalog.cqadupstackSubForums {
        let task = try #require(TaskCatalog.task(named: name), "\(name)")
        #expect(task.name == name)
        #expect(task.split == (name == "MSMARCO" ? "dev" : "test"))
    }
    #expect(TaskCatalog.task(named: "sts22.v2") == nil)
    #expect(TaskCatalog.task(named: "ArguAna-PL") == nil)
    // Every type occurs, and the grouping order is the enum's.
    #expect(Set(TaskCatalog.all.map(\.type)) == Set(TaskType.allCases))
}

@Test func taskTypesOfTheTrickyNames() {
    func type(_ name: String) -> TaskType? { TaskCatalog.task(named: name)?.type }
    for name in ["CQADupstackRetrieval", "CQADupstackGamingRetrieval", "CQADupstackUnixRetrieval",
                 "ClimateFEVERHardNegatives", "FEVERHardNegatives", "HotpotQAHardNegatives", "Touche2020",
                 "Touche2020Retrieval.v3", "MSMARCO", "SCIDOCS", "TRECCOVID", "QuoraRetrieval"] {
        #expect(type(name) == .retrieval, "\(name)")
    }
    for name in ["ArXivHierarchicalClusteringP2P", "ArXivHierarchicalClusteringS2S", "BiorxivClusteringP2P.v2",
                 "StackExchangeClusteringP2P.v2", "TwentyNewsgroupsClustering.v2", "RedditClusteringP2P"] {
        #expect(type(name) == .clustering, "\(name)")
    }
    for name in ["SICK-R", "STS12", "STS17", "STS22", "STS22.v2", "STSBenchmark", "BIOSSES"] {
        #expect(type(name) == .sts, "\(name)")
    }
    #expect(type("SummEval") == .summarization)
    #expect(type("SummEvalSummarization.v2") == .summarization)
    for name in ["SprintDuplicateQuestions", "TwitterSemEval2015", "TwitterURLCorpus"] {
        #expect(type(name) == .pairClassification, "\(name)")
    }
    for name in ["AskUbuntuDupQuestions", "MindSmallReranking", "SciDocsRR", "StackOverflowDupQuestions"] {
        #expect(type(name) == .reranking, "\(name)")
    }
    #expect(type("AmazonCounterfactualClassification") == .classification)
    #expect(TaskType.pairClassification.displayName == "Pair classification")
    #expect(TaskType.sts.legacyMainMetric == "cos_sim.spearman")
    #expect(TaskType.summarization.legacyMainMetric == "cos_sim.spearman")
    #expect(TaskType.retrieval.legacyMainMetric == "ndcg_at_10")
    #expect(TaskType.reranking.legacyMainMetric == "map")
}

@Test func englishSubsetRules() {
    #expect(TaskCatalog.task(named: "AmazonCounterfactualClassification")?.englishSubset == "en")
    #expect(TaskCatalog.task(named: "STS17")?.englishSubset == "en-en")
    #expect(TaskCatalog.task(named: "STS22")?.englishSubset == "en")
    #expect(TaskCatalog.task(named: "STS22.v2")?.englishSubset == "en")
    #expect(TaskCatalog.task(named: "MassiveIntentClassification")?.englishSubset == nil)
    #expect(TaskCatalog.isEnglish(languages: ["eng-Latn"]))
    #expect(!TaskCatalog.isEnglish(languages: ["eng-Latn", "deu-Latn"]))
    #expect(!TaskCatalog.isEnglish(languages: []))
    for name in ["default", "en", "en-en", "eng"] { #expect(TaskCatalog.isEnglishSubsetName(name), "\(name)") }
    for name in ["de", "en-de", "de-en", "en-ext", "english"] { #expect(!TaskCatalog.isEnglishSubsetName(name), "\(name)") }
}

@Test func storedTaskNamesAgreeOnlyWhenMTEBWouldTreatThemAsTheSameTask() {
    #expect(TaskCatalog.storedName("SummEval", agreesWith: "SummEval"))
    #expect(TaskCatalog.storedName("scidocsrr", agreesWith: "SciDocsRR"))
    #expect(TaskCatalog.storedName("8TagsClustering", agreesWith: "EightTagsClustering"))
    #expect(!TaskCatalog.storedName("SummEval", agreesWith: "SummEvalSummarization.v2"))
    #expect(!TaskCatalog.storedName("SummEvalSummarization.v2", agreesWith: "SummEval"))
    #expect(!TaskCatalog.storedName("STS22", agreesWith: "STS22.v2"))
    #expect(!TaskCatalog.storedName("TwentyNewsgroupsClustering", agreesWith: "TwentyNewsgroupsClustering.v2"))
}

/// The shipped variants' 15 tasks have the types their provenance file states
/// (experiments/data/variants/tasks.json, `tasks[].type`), and none of the extra ones is an MTEB
/// result-file task.
@Test func variantTasksHaveTheTypesOfTheirProvenance() throws {
    let url = repositoryRoot.appendingPathComponent("experiments/data/variants/tasks.json")
    let document = try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    guard case .array(let tasks)? = document["tasks"] else { Issue.record("no tasks in tasks.json"); return }
    #expect(tasks.count == 15)
    for task in tasks {
        let name = try #require(task["name"]?.string), type = try #require(task["type"]?.string)
        #expect(TaskCatalog.type(of: name)?.rawValue == type, "\(name)")
    }
    for name in TaskCatalog.otherTaskTypes.keys { #expect(TaskCatalog.task(named: name) == nil, "\(name)") }
    #expect(TaskCatalog.type(of: "NoSuchTask") == nil)
}

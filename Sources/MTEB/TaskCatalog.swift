// The English MTEB tasks encmap knows: their types, evaluation splits, pre-1.11 main metrics,
// English-subset rules and the two official English benchmarks.

/// The MTEB task types that occur in MTEB(eng, v1) and MTEB(eng, v2).
///
/// The raw value is MTEB's own type name (`TaskMetadata.type`); `displayName` is the heading used to
/// group table rows. `allCases` is the order in which the groups are shown.
public enum TaskType: String, Sendable, CaseIterable, Hashable, Codable {
    case classification = "Classification"
    case clustering = "Clustering"
    case pairClassification = "PairClassification"
    case reranking = "Reranking"
    case retrieval = "Retrieval"
    case sts = "STS"
    case summarization = "Summarization"

    /// The heading under which tasks of this type are grouped in tables ("Pair classification", "STS", …).
    public var displayName: String {
        switch self {
        case .classification: return "Classification"
        case .clustering: return "Clustering"
        case .pairClassification: return "Pair classification"
        case .reranking: return "Reranking"
        case .retrieval: return "Retrieval"
        case .sts: return "STS"
        case .summarization: return "Summarization"
        }
    }

    /// The main metric of this type in result files written before MTEB 1.11, which have no
    /// `main_score`, as a dotted JSON path below a subset (for display and error messages).
    ///
    /// - STS, Summarization: `cos_sim.spearman` (cosine Spearman).
    /// - Retrieval: `ndcg_at_10`.  Classification: `accuracy`.  Clustering: `v_measure`.  Reranking: `map`.
    /// - PairClassification: the maximum AP over the similarity functions. Files from MTEB ≥ 1.1 store it
    ///   as `max.ap`; older ones only have `cos_sim.ap`, `dot.ap`, `euclidean.ap`, `manhattan.ap`, of which
    ///   the maximum is taken (it equals `max.ap` where both exist). MTEB 1.11–1.12.47 set `main_score`
    ///   to `max.ap` as well, and MTEB ≥ 1.12.48 to `max_ap`, so all eras agree on max AP.
    public var legacyMainMetric: String {
        switch self {
        case .sts, .summarization: return "cos_sim.spearman"
        case .retrieval: return "ndcg_at_10"
        case .classification: return "accuracy"
        case .clustering: return "v_measure"
        case .pairClassification: return "max(max.ap, cos_sim.ap, dot.ap, euclidean.ap, manhattan.ap)"
        case .reranking: return "map"
        }
    }
}

/// One MTEB task as encmap reads it.
public struct MTEBTask: Sendable, Hashable {
    /// MTEB's task name, which is also the result file's name stem (`<name>.json`), e.g. `STS22.v2`.
    public let name: String
    /// The task type.
    public let type: TaskType
    /// The evaluation split whose scores are read: `test`, except `dev` for MSMARCO.
    public let split: String
    /// For multilingual tasks whose English score is one fixed subset (AmazonCounterfactualClassification
    /// → `en`, STS17 → `en-en`, STS22 and STS22.v2 → `en`); `nil` where the general English rule applies
    /// (see ``TaskCatalog``).
    public let englishSubset: String?
}

/// The catalog of English MTEB tasks: every task of MTEB(eng, v1) ∪ MTEB(eng, v2) plus the twelve
/// CQADupstack sub-forum tasks whose mean is CQADupstackRetrieval (v1).
///
/// **English-subset rule** (which subsets of a task's split are averaged into its English score):
/// 1. AmazonCounterfactualClassification → subset `en` only (its `en-ext` subset is English too but is
///    not part of the English benchmark); STS17 → `en-en`; STS22 and STS22.v2 → `en`.
/// 2. Otherwise, in the current schema, the subsets whose `languages` are all English (`eng-*`, e.g.
///    `eng-Latn`), averaged with equal weights (MTEB's `get_score` mean over subsets).
/// 3. In the pre-1.11 schema subsets carry no languages. A split whose entries are metrics directly
///    (no subset level) is one subset named `default`; otherwise a subset counts as English when its
///    name is `default` or every `-`-separated part of it is `en` or `eng` (`en`, `en-en`; not `en-de`,
///    not `en-ext`). The same name rule is used for current-schema entries that lack `languages`.
/// This reproduces `wide_eng.csv` on the published sample (see the tests).
public enum TaskCatalog {
    /// The names of the two official benchmarks that ``benchmark(named:)`` accepts.
    public static let benchmarkNames = ["MTEB(eng, v1)", "MTEB(eng, v2)"]

    /// MTEB(eng, v1): 56 tasks, in the column order of `mteb_eng_v1_complete.csv`.
    public static let mtebEngV1: [String] = [
        "AmazonPolarityClassification", "AmazonReviewsClassification", "ArguAna", "ArxivClusteringP2P",
        "ArxivClusteringS2S", "AskUbuntuDupQuestions", "BIOSSES", "Banking77Classification",
        "BiorxivClusteringP2P", "BiorxivClusteringS2S", "CQADupstackRetrieval", "ClimateFEVER", "DBPedia",
        "EmotionClassification", "FEVER", "FiQA2018", "HotpotQA", "ImdbClassification",
        "MTOPDomainClassification", "MTOPIntentClassification", "MassiveIntentClassification",
        "MassiveScenarioClassification", "MedrxivClusteringP2P", "MedrxivClusteringS2S", "MindSmallReranking",
        "NFCorpus", "NQ", "QuoraRetrieval", "RedditClustering", "RedditClusteringP2P", "SCIDOCS", "SICK-R",
        "STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SciDocsRR", "SciFact",
        "SprintDuplicateQuestions", "StackExchangeClustering", "StackExchangeClusteringP2P",
        "StackOverflowDupQuestions", "SummEval", "TRECCOVID", "Touche2020", "ToxicConversationsClassification",
        "TweetSentimentExtractionClassification", "TwentyNewsgroupsClustering", "TwitterSemEval2015",
        "TwitterURLCorpus", "MSMARCO", "AmazonCounterfactualClassification", "STS17", "STS22",
    ]

    /// MTEB(eng, v2): 41 tasks, in the column order of `mteb_eng_v2_complete.csv`.
    public static let mtebEngV2: [String] = [
        "ArguAna", "ArXivHierarchicalClusteringP2P", "ArXivHierarchicalClusteringS2S", "AskUbuntuDupQuestions",
        "BIOSSES", "Banking77Classification", "BiorxivClusteringP2P.v2", "CQADupstackGamingRetrieval",
        "CQADupstackUnixRetrieval", "ClimateFEVERHardNegatives", "FEVERHardNegatives", "FiQA2018",
        "HotpotQAHardNegatives", "ImdbClassification", "MTOPDomainClassification", "MassiveIntentClassification",
        "MassiveScenarioClassification", "MedrxivClusteringP2P.v2", "MedrxivClusteringS2S.v2",
        "MindSmallReranking", "SCIDOCS", "SICK-R", "STS12", "STS13", "STS14", "STS15", "STSBenchmark",
        "SprintDuplicateQuestions", "StackExchangeClustering.v2", "StackExchangeClusteringP2P.v2", "TRECCOVID",
        "Touche2020Retrieval.v3", "ToxicConversationsClassification", "TweetSentimentExtractionClassification",
        "TwentyNewsgroupsClustering.v2", "TwitterSemEval2015", "TwitterURLCorpus", "SummEvalSummarization.v2",
        "AmazonCounterfactualClassification", "STS17", "STS22.v2",
    ]

    /// The aggregate CQADupstack task of MTEB(eng, v1).
    public static let cqadupstackAggregate = "CQADupstackRetrieval"

    /// The twelve CQADupstack sub-forum tasks; CQADupstackRetrieval is their unweighted mean when a
    /// model has no aggregate `CQADupstackRetrieval.json`.
    public static let cqadupstackSubForums: [String] = [
        "Android", "English", "Gaming", "Gis", "Mathematica", "Physics", "Programmers", "Stats", "Tex", "Unix",
        "Webmasters", "Wordpress",
    ].map { "CQADupstack\($0)Retrieval" }

    /// MTEB(eng, v1) ∪ MTEB(eng, v2): the 56 v1 tasks in order, then the 16 tasks only in v2 in their v2
    /// order (72 tasks; the task columns of `wide_eng.csv`).
    public static let englishTasks: [String] = mtebEngV1 + mtebEngV2.filter { !mtebEngV1.contains($0) }

    /// Every known task: ``englishTasks`` followed by the ten sub-forums that are in neither benchmark
    /// (82 tasks).
    public static let all: [MTEBTask] = (englishTasks + cqadupstackSubForums.filter { !englishTasks.contains($0) })
        .map(makeTask)

    private static let byName: [String: MTEBTask] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The task with exactly this name (case-sensitive, as MTEB writes it), or `nil` if unknown.
    public static func task(named name: String) -> MTEBTask? { byName[name] }

    /// Tasks outside MTEB's English benchmarks whose type encmap knows: the tasks of the shipped encoder
    /// variants' scores (`experiments/data/variants/tasks.json`), scored with the MTEB protocol of that
    /// type on public gold data. They are not MTEB result files' tasks, so ``task(named:)`` does not list them.
    public static let otherTaskTypes: [String: TaskType] = [
        "SICK": .sts,
        "MSRP": .pairClassification, "SICK-E": .pairClassification, "RTE3-2way": .pairClassification,
        "TRECQA": .reranking,
        "TREC6": .classification, "MR": .classification, "SUBJ": .classification,
        "TRECClustering": .clustering, "BrownClustering": .clustering,
    ]

    /// The type of a task: an English MTEB task's, else one of ``otherTaskTypes``; nil when unknown.
    public static func type(of name: String) -> TaskType? {
        byName[name]?.type ?? otherTaskTypes[name]
    }

    /// The ordered task names of an official benchmark: exactly `"MTEB(eng, v1)"` or `"MTEB(eng, v2)"`;
    /// `nil` for any other name.
    public static func benchmark(named name: String) -> [String]? {
        switch name {
        case "MTEB(eng, v1)": return mtebEngV1
        case "MTEB(eng, v2)": return mtebEngV2
        default: return nil
        }
    }

    /// Task names MTEB renamed, old name → current name (MTEB's `renamed_tasks`, `mteb/load_results`).
    /// A pre-1.11 file may still carry the old name in `mteb_dataset_name`. None of these is an English
    /// benchmark task, so for this catalog the table only documents that such names are accepted.
    public static let renamedTasks: [String: String] = [
        "NorwegianParliament": "NorwegianParliamentClassification",
        "CMedQAv2": "CMedQAv2-reranking",
        "CMedQAv1": "CMedQAv1-reranking",
        "8TagsClustering": "EightTagsClustering",
        "PPC": "PpcPC",
    ]

    /// Whether the task name stored inside a result file (`task_name`, or `mteb_dataset_name` in the
    /// pre-1.11 schema) names the same task as the file's name stem.
    ///
    /// The file name stem is what identifies the task. The stored name agrees when it is equal to the
    /// stem, equal ignoring case (MTEB itself looks old names up case-insensitively), or an old name that
    /// MTEB renamed to the stem (``renamedTasks``). A version suffix is part of the name: `SummEval` and
    /// `SummEvalSummarization.v2`, `STS22` and `STS22.v2`, `TwentyNewsgroupsClustering` and
    /// `TwentyNewsgroupsClustering.v2` are different tasks with different data, so they never agree.
    public static func storedName(_ stored: String, agreesWith stem: String) -> Bool {
        if stored == stem || renamedTasks[stored] == stem { return true }
        return stored.lowercased() == stem.lowercased()
    }

    /// Whether a subset name counts as English under the name rule (rule 3 above): `default`, or every
    /// `-`-separated part is `en` or `eng`.
    public static func isEnglishSubsetName(_ subset: String) -> Bool {
        if subset == "default" { return true }
        let parts = subset.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { $0 == "en" || $0 == "eng" }
    }

    /// Whether a list of MTEB language codes (`eng-Latn`, `deu-Latn`, …) is all English (rule 2).
    public static func isEnglish(languages: [String]) -> Bool {
        !languages.isEmpty && languages.allSatisfy { $0 == "eng" || $0.hasPrefix("eng-") }
    }

    private static func makeTask(_ name: String) -> MTEBTask {
        let subset: String?
        switch name {
        case "AmazonCounterfactualClassification", "STS22", "STS22.v2": subset = "en"
        case "STS17": subset = "en-en"
        default: subset = nil
        }
        return MTEBTask(name: name, type: taskType(of: name), split: name == "MSMARCO" ? "dev" : "test",
                        englishSubset: subset)
    }

    /// The type of each known task, by explicit membership (no guessing from name patterns).
    private static func taskType(of name: String) -> TaskType {
        if types[.pairClassification]!.contains(name) { return .pairClassification }
        if types[.reranking]!.contains(name) { return .reranking }
        if types[.sts]!.contains(name) { return .sts }
        if types[.summarization]!.contains(name) { return .summarization }
        if types[.classification]!.contains(name) { return .classification }
        if types[.clustering]!.contains(name) { return .clustering }
        if types[.retrieval]!.contains(name) || cqadupstackSubForums.contains(name) { return .retrieval }
        preconditionFailure("task \(name) has no type in TaskCatalog")
    }

    private static let types: [TaskType: Set<String>] = [
        .classification: [
            "AmazonCounterfactualClassification", "AmazonPolarityClassification", "AmazonReviewsClassification",
            "Banking77Classification", "EmotionClassification", "ImdbClassification", "MTOPDomainClassification",
            "MTOPIntentClassification", "MassiveIntentClassification", "MassiveScenarioClassification",
            "ToxicConversationsClassification", "TweetSentimentExtractionClassification",
        ],
        .clustering: [
            "ArxivClusteringP2P", "ArxivClusteringS2S", "ArXivHierarchicalClusteringP2P",
            "ArXivHierarchicalClusteringS2S", "BiorxivClusteringP2P", "BiorxivClusteringS2S",
            "BiorxivClusteringP2P.v2", "MedrxivClusteringP2P", "MedrxivClusteringS2S", "MedrxivClusteringP2P.v2",
            "MedrxivClusteringS2S.v2", "RedditClustering", "RedditClusteringP2P", "StackExchangeClustering",
            "StackExchangeClusteringP2P", "StackExchangeClustering.v2", "StackExchangeClusteringP2P.v2",
            "TwentyNewsgroupsClustering", "TwentyNewsgroupsClustering.v2",
        ],
        .pairClassification: ["SprintDuplicateQuestions", "TwitterSemEval2015", "TwitterURLCorpus"],
        .reranking: ["AskUbuntuDupQuestions", "MindSmallReranking", "SciDocsRR", "StackOverflowDupQuestions"],
        .retrieval: [
            "ArguAna", "CQADupstackRetrieval", "ClimateFEVER", "ClimateFEVERHardNegatives", "DBPedia", "FEVER",
            "FEVERHardNegatives", "FiQA2018", "HotpotQA", "HotpotQAHardNegatives", "MSMARCO", "NFCorpus", "NQ",
            "QuoraRetrieval", "SCIDOCS", "SciFact", "TRECCOVID", "Touche2020", "Touche2020Retrieval.v3",
        ],
        .sts: [
            "BIOSSES", "SICK-R", "STS12", "STS13", "STS14", "STS15", "STS16", "STS17", "STS22", "STS22.v2",
            "STSBenchmark",
        ],
        .summarization: ["SummEval", "SummEvalSummarization.v2"],
    ]
}

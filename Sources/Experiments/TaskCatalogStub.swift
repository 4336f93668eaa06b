// Temporary stand-in until the MTEB task catalog lands.
public enum TaskCatalog {
    public static let benchmarkNames = ["MTEB(eng, v1)", "MTEB(eng, v2)"]
    public static func benchmark(named: String) -> [String]? { nil }
}
extension ScoreTable {
    static func readMTEB(_ url: URL, tasks: [String], specFile: String, taskPath: (Int) -> String) throws -> ScoreTable {
        throw ExperimentError.infeasible("MTEB results folders are not supported yet")
    }
}
import Foundation
extension TaskCatalog {
    static func typeName(of task: String) -> String? { nil }
}

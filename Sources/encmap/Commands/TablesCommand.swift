import Experiments
import Foundation

enum TablesCommand: Command {
    static let name = "tables"
    static let summary = "rebuild a run's correlation tables from its predictions"

    static let usage = Usage(
        command: name, forms: [[.operand("RUN_DIR")]],
        description: """
        Rebuilds correlations.csv and tables/correlations.{md,tex} of a run folder from its predictions.csv and
        run.json alone (byte-identical to what 'encmap run' wrote).
        """,
        options: [])

    static func run(_ args: ParsedArguments) throws {
        let folder = try args.single("RUN_DIR")
        let tables = try ExperimentRunner.rebuildTables(in: URL(fileURLWithPath: folder))
        print(tables.markdown)
    }
}

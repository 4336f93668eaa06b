import EncmapIO
import EncmapSupport
import Foundation

/// Encoder metadata from a CSV file keyed by encoder id (e.g. MTEB's `models.csv`).
///
/// **Id matching.** Ids match by `EncoderID.key`: every `/` becomes `__` and letters are
/// lower-cased, so `org/name`, `org__name` and `Org/Name` are the same encoder (the `model_dir` and
/// `name` columns of `models.csv` both work as keys).
///
/// **Several rows per encoder.** The row with the most non-empty fields wins; among equally complete
/// rows, the *last* one in the file. Empty fields mean "no value".
///
/// **Derived attribute `size`** (when a column `n_parameters` exists), the paper's bins of the
/// parameter count N: Small N < 100M; Base 100M ≤ N < 500M; Large 500M ≤ N < 1B; Huge 1B ≤ N ≤ 7B;
/// Giant N > 7B. Non-numeric or non-positive counts give no value.
public struct AttributeTable: Sendable {
    /// Attribute names in file order (id column excluded), then `size` when derived.
    public let attributes: [String]
    /// The column that keyed the rows.
    public let idColumn: String
    private let rows: [String: [String: String]]

    /// Builds the table from parsed CSV.
    /// - Parameter idColumn: the key column; nil uses `name` when present, else the first column.
    /// - Throws: `MapError.unknownAttribute` when `idColumn` is not a column.
    public init(csv: CSVTable, idColumn: String? = nil) throws {
        let key = idColumn ?? (csv.header.contains("name") ? "name" : csv.header.first ?? "")
        guard let keyIndex = csv.header.firstIndex(of: key) else {
            throw MapError.unknownAttribute(name: key, available: csv.header)
        }
        self.idColumn = key
        var best: [String: (filled: Int, values: [String: String])] = [:]
        for r in csv.rows {
            let id = r[keyIndex]
            if id.isEmpty { continue }
            var values: [String: String] = [:]
            for (c, name) in csv.header.enumerated() where c != keyIndex && !r[c].isEmpty { values[name] = r[c] }
            if let n = values["n_parameters"], let size = Self.sizeClass(parametersText: n) { values["size"] = size }
            let k = EncoderID.key(id)
            if let old = best[k], old.filled > values.count { continue }
            best[k] = (values.count, values)
        }
        rows = best.mapValues(\.values)
        var names = csv.header.enumerated().filter { $0.offset != keyIndex }.map(\.element)
        if csv.header.contains("n_parameters") && !names.contains("size") { names.append("size") }
        attributes = names
    }

    init(attributes: [String], idColumn: String, rows: [String: [String: String]]) {
        self.attributes = attributes; self.idColumn = idColumn; self.rows = rows
    }

    /// A table of computed columns only (for example scores read from a run), keyed by encoder id.
    public init(columns: [(name: String, values: [String: String])]) {
        self = AttributeTable(attributes: [], idColumn: "encoder", rows: [:]).adding(columns: columns)
    }

    /// This table with computed columns appended (a column already present is replaced); values are
    /// keyed by encoder id under encmap's id rule.
    public func adding(columns: [(name: String, values: [String: String])]) -> AttributeTable {
        var rows = self.rows
        var names = attributes
        for c in columns {
            if !names.contains(c.name) { names.append(c.name) }
            for key in rows.keys { rows[key]?[c.name] = nil }
            for (id, v) in c.values { rows[EncoderID.key(id), default: [:]][c.name] = v }
        }
        return AttributeTable(attributes: names, idColumn: idColumn, rows: rows)
    }

    /// Attributes whose every non-empty value among `ids` is a number, with at least two distinct
    /// numbers (`ColourScaleKind.automatic` is not categorical), in table order.
    public func numericAttributes(for ids: [String]) -> [String] {
        attributes.filter { ColourScaleKind.automatic(for: values($0, for: ids)) != .categorical }
    }

    /// Loads a metadata CSV file.
    public static func load(path: String, idColumn: String? = nil) throws -> AttributeTable {
        try AttributeTable(csv: CSVTable.read(URL(fileURLWithPath: path)), idColumn: idColumn)
    }

    /// Whether the table has a row for `id`.
    public func contains(_ id: String) -> Bool { rows[EncoderID.key(id)] != nil }

    /// The value of `attribute` for encoder `id`, nil when missing or empty.
    public func value(_ attribute: String, for id: String) -> String? { rows[EncoderID.key(id)]?[attribute] }

    /// The values of `attribute` for the encoders `ids`, in order.
    public func values(_ attribute: String, for ids: [String]) -> [String?] { ids.map { value(attribute, for: $0) } }

    /// Attributes with between 2 and `maxDistinct` distinct values among `ids`, and at least one value
    /// shared by two encoders — the ones worth colouring by and testing for neighbour agreement (a
    /// column where every encoder has its own value, such as a score, groups nothing). `size` first
    /// when present.
    public func categoricalAttributes(for ids: [String], maxDistinct: Int = 40) -> [String] {
        let list = attributes.filter { a in
            let present = values(a, for: ids).compactMap { $0 }
            let distinct = Set(present)
            return distinct.count >= 2 && distinct.count <= maxDistinct && distinct.count < present.count
        }
        return list.contains("size") ? ["size"] + list.filter { $0 != "size" } : list
    }

    /// The paper's size bin for a parameter count (see the type's documentation).
    public static func sizeClass(parameters n: Double) -> String? {
        guard n.isFinite, n > 0 else { return nil }
        if n < 100e6 { return "Small" }
        if n < 500e6 { return "Base" }
        if n < 1e9 { return "Large" }
        if n <= 7e9 { return "Huge" }
        return "Giant"
    }

    static func sizeClass(parametersText s: String) -> String? {
        Double(s.trimmingCharacters(in: .whitespaces)).flatMap { sizeClass(parameters: $0) }
    }
}

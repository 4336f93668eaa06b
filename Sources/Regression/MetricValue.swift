/// A metric's value, or NaN with the reason it is undefined (never a trap).
public struct MetricValue: Sendable, Equatable, CustomStringConvertible {
    /// The value; NaN when undefined.
    public let value: Double
    /// Why the value is undefined (nil when defined).
    public let reason: String?

    public init(_ value: Double) { self.value = value; self.reason = nil }
    public init(undefined reason: String) { self.value = .nan; self.reason = reason }

    public var isDefined: Bool { reason == nil }
    public var description: String { reason.map { "NaN (\($0))" } ?? "\(value)" }
}

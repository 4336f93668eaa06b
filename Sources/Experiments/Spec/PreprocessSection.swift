import EncmapIO
import Regression

extension ExperimentSpec {
    public enum PCASetting: Sendable, Equatable {
        case components(Int)
        case varianceFraction(Double)
    }

    /// The `preprocess` section: transformations refit inside every training fold, before every regressor.
    public struct Preprocess: Sendable, Equatable {
        public var standardize: Bool
        public var pca: PCASetting?

        public static let defaultStandardize = true
        public static let keys = ["standardize", "pca"]

        public init(standardize: Bool = defaultStandardize, pca: PCASetting? = nil) {
            self.standardize = standardize
            self.pca = pca
        }

        /// Reads the section; absent, every default.
        static func read(_ value: JSONValue?, _ r: SpecReader) throws -> Preprocess {
            var preprocess = Preprocess()
            guard let value else { return preprocess }
            let po = try r.object(value, "$.preprocess", allowed: keys)
            if let s = try po.bool("standardize") { preprocess.standardize = s }
            if let pca = po["pca"], pca != .null {
                let v = try po.double("pca") ?? 0
                if v >= 1, v == v.rounded(), v < 1e15 {   // Int(v) would trap beyond Int.max
                    preprocess.pca = .components(Int(v))
                } else if v > 0, v < 1 {
                    preprocess.pca = .varianceFraction(v)
                } else {
                    throw po.fail("pca", "must be null, a whole number of components ≥ 1, or a variance fraction in (0, 1)")
                }
            }
            return preprocess
        }

        public func json() -> JSONValue {
            let pcaValue: JSONValue
            switch pca {
            case nil: pcaValue = .null
            case .components(let k)?: pcaValue = .number(Double(k))
            case .varianceFraction(let f)?: pcaValue = .number(f)
            }
            return .object([("standardize", .bool(standardize)), ("pca", pcaValue)])
        }

        /// The transformations, in order.
        public func steps() throws -> [AnyTransformer] {
            var steps: [AnyTransformer] = []
            if standardize { steps.append(AnyTransformer(Standardizer())) }
            switch pca {
            case .components(let k)?: steps.append(AnyTransformer(try PCA(.count(k))))
            case .varianceFraction(let f)?: steps.append(AnyTransformer(try PCA(.varianceFraction(f))))
            case nil: break
            }
            return steps
        }
    }
}

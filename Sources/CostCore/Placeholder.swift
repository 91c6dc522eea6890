public enum CostCoreVersion { public static let schemaVersion = 1 }

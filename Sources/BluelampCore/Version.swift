public enum BluelampCoreVersion { public static let value = "0.1.0" }

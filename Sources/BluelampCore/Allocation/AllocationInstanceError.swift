/// Bad allocation input: which file, which line (1-based, the header is line 1) and which field, and why.
public struct AllocationInstanceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var reason: String

    public init(file: String, line: Int?, field: String?, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `crimes.csv line 17, field level: must be 1 to 4, not "x"`
    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let field { place += ", field \(field)" }
        return "\(place): \(reason)"
    }
}

import Foundation

/// A problem with a file Bluelamp reads — a police.uk file, the allocation benchmark's files, the visit
/// planner's — located by file, line and field, with why. Every file reader reports through it, so each
/// problem reads the same way wherever it is shown.
///
/// Lines count from 1, the header being line 1; a record spread over several lines by a quoted field is
/// reported at the line it starts on. `line` is nil for a problem with the whole file, `field` when the problem
/// is not in one field.
public struct FileProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's name as the person gave it; nil where the report is already about one file (a police.uk
    /// import reports each file under its name).
    public var file: String?
    public var line: Int?
    /// The column's name from the header, when the problem is in one field.
    public var field: String?
    /// Why, without the place.
    public var reason: String

    public init(file: String? = nil, line: Int?, field: String?, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `crimes.csv line 17, field level: must be 1 to 4, not "x"`; without a file,
    /// `line 4, Month: "2019-13" is not a month (YYYY-MM)` (police.uk's column names are words, so they stand
    /// alone). Exact and stable: tests, import reports and rejects files rely on it.
    public var description: String {
        var place = [file, line.map { "line \($0)" }].compactMap { $0 }.joined(separator: " ")
        if let field {
            if !place.isEmpty { place += ", " }
            place += file == nil ? field : "field \(field)"
        }
        return place.isEmpty ? reason : "\(place): \(reason)"
    }
}

/// Every problem found in a set of files, in file and line order: files are checked in full rather than
/// stopping at the first bad row, so one run shows everything to fix.
public struct FileProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [FileProblem]

    public init(_ problems: [FileProblem]) {
        self.problems = problems
    }

    /// One line per problem.
    public var lines: [String] { problems.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }
}

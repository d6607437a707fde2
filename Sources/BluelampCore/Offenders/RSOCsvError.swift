import Foundation

/// A problem with one of the visit planner's files, located by file, line and field.
///
/// Lines count from 1, the header being line 1; a record spread over several lines by a quoted field is
/// reported at the line it starts on. `line` is nil when the problem is the whole file.
public struct RSOCsvError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case emptyFile
        case notUTF8
        case missingHeader(expected: [String])
        case wrongHeader(expected: [String], found: [String])
        case wrongColumnCount(expected: Int, found: Int)
        case unterminatedQuote
        case emptyValue
        case unknownRisk(String)
        case badDate(String)
        case notANumber(String)
        case outOfRange(value: Int, allowed: ClosedRange<Int>)
        case duplicateOffender(id: String, firstLine: Int)
        case duplicateManager(id: String, firstLine: Int)
        case unknownManager(String)
        case visitAfterStart(visit: String, start: String)
    }

    public var file: String
    public var line: Int?
    public var field: String?
    public var reason: Reason

    public init(file: String, line: Int?, field: String?, reason: Reason) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `REGISTER.csv line 4, field risk: unknown risk "extreme" (expected low, medium, high or very_high)`.
    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let field { place += ", field \(field)" }
        return "\(place): \(explanation)"
    }

    public var explanation: String {
        switch reason {
        case .emptyFile:
            return "the file is empty"
        case .notUTF8:
            return "the file is not UTF-8 text"
        case .missingHeader(let expected):
            return "the header line is missing (expected \"\(expected.joined(separator: ","))\")"
        case .wrongHeader(let expected, let found):
            return "wrong header \"\(found.joined(separator: ","))\" (expected \"\(expected.joined(separator: ","))\")"
        case .wrongColumnCount(let expected, let found):
            return "\(found) column\(found == 1 ? "" : "s") where \(expected) are expected"
        case .unterminatedQuote:
            return "a quoted value is not closed before the end of the file"
        case .emptyValue:
            return "a value is required"
        case .unknownRisk(let value):
            let allowed = OffenderRiskLevel.allCases.map(\.rawValue)
            return
                "unknown risk \"\(value)\" (expected \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last!))"
        case .badDate(let value):
            return "\"\(value)\" is not a date in the form YYYY-MM-DD"
        case .notANumber(let value):
            return "\"\(value)\" is not a whole number"
        case .outOfRange(let value, let allowed):
            return "\(value) is outside \(allowed.lowerBound)–\(allowed.upperBound)"
        case .duplicateOffender(let id, let firstLine):
            return "offender \"\(id)\" appears again (first on line \(firstLine))"
        case .duplicateManager(let id, let firstLine):
            return "manager \"\(id)\" appears again (first on line \(firstLine))"
        case .unknownManager(let id):
            return "manager \"\(id)\" is not in the managers file"
        case .visitAfterStart(let visit, let start):
            return "last successful visit \(visit) is after the plan start \(start)"
        }
    }
}

/// Every problem found in the planner's files, in file and line order: files are checked in full rather
/// than stopping at the first bad row, so one run shows everything to fix.
public struct RSOCsvErrorList: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [RSOCsvError]

    public init(errors: [RSOCsvError]) {
        self.errors = errors
    }

    /// One line per error.
    public var lines: [String] { errors.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }
}

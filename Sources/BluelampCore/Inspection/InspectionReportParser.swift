import Foundation

/// Reads the plain text of a published inspection report into an `Inspection`: its judgements and
/// every finding, with each cause of concern linked to its recommendations.
///
/// ## The layout it reads
/// The layout of shared/seeds/002_53bfed75c7325b7e.txt (the Met's PEEL 2016 effectiveness report),
/// one paragraph, heading or list item to a line:
///
/// ```
/// Metropolitan PEEL 2016                       ← title (optional, first line only)
/// Effectiveness                                ← area heading: a pillar, question or area
/// How effective is the force at …?             ←   of the framework, by name, question or alias
/// The Metropolitan Police Service is good at … ← first paragraph: states the grade
/// The force …                                  ← more paragraphs: the summary
/// Areas for improvement                        ← findings heading
/// - The force should …                         ← one finding per "- " item
/// Cause of concern                             ← findings heading
/// The Metropolitan Police Service’s approach … ← the cause of concern (one or more paragraphs)
/// Recommendations                              ← must follow a cause of concern's text
/// The force should immediately … by:           ← optional lead-in ending in ":"
/// - developing its understanding …;            ← one recommendation per item
/// ```
///
/// Findings headings are "Areas for improvement" (or "Area for improvement"), "Cause of concern"
/// (or "Causes of concern"), "Recommendations" (or "Recommendation") and "Innovative practice",
/// "Promising practice" or "Innovative or promising practice". Items start with "- ", "– ", "• "
/// or "* ".
///
/// ## Judgements
/// The grade of a graded area is read from the **first paragraph** under its heading, which must
/// state exactly one grade on the framework's scale ("is outstanding/good/adequate/inadequate",
/// "requires improvement"). Later paragraphs may mention grades (e.g. "HMIC’s 2015 assessment of
/// ‘requires improvement’") without effect. All the area's paragraphs, verbatim, form the
/// judgement's summary. A reported-only area (specialist capabilities, the victim service
/// assessment) gets a judgement with its summary and no grade. A graded area that has child areas
/// (a PEEL 2014–2019 pillar) may have no paragraphs at all, as in seed 002, and then gets no
/// judgement.
///
/// ## What it ignores, and what it refuses
/// It ignores blank lines, the first line when it is a title (has no closing punctuation and is
/// not a heading), and a second heading for the area just opened (seed 002's "Effectiveness"
/// followed by the pillar's headline question). Every other line must be placed: as a heading, an
/// area's paragraph, a cause of concern's text, a recommendations lead-in or a list item. It
/// **refuses**, naming the line, rather than guess:
/// - text before the first area heading (other than the title);
/// - a line ending in "?" that is not one of the framework's questions;
/// - a line with no closing punctuation that is not a known heading (a mistyped or unknown heading);
/// - an area heading seen before, or a question under another pillar's heading;
/// - a list item with no list heading, a findings heading before any area, an empty list;
/// - prose after a list (a list runs to the next heading; a wrapped item must be joined to its line);
/// - a cause of concern with no text, or not followed by its "Recommendations";
/// - a graded area whose first paragraph states no grade, more than one, or one off the scale,
///   and a graded question with no paragraph at all.
public enum InspectionReportParser {
    /// Parses a report's text.
    ///
    /// - Parameters:
    ///   - text: the report as plain text (LF or CRLF).
    ///   - force: the force as the inspectorate names it.
    ///   - frameworkID: the framework the command was told; must be `framework.id`.
    ///   - published: the publication date.
    ///   - framework: the framework whose headings the report uses.
    ///   - sourceReference: where the text came from (a file name), recorded as the inspection's source.
    /// - Throws: `InspectionReportParseError` naming the line it could not place, and why.
    public static func parse(
        text: String, force: String, frameworkID: String, published: Date, framework: InspectionFramework,
        sourceReference: String? = nil
    ) throws(InspectionReportParseError) -> ParsedInspectionReport {
        guard frameworkID == framework.id else {
            throw InspectionReportParseError(
                reason: "framework \(frameworkID) was asked for, but the framework given is \(framework.id)")
        }
        var parser = Parser(framework: framework)
        // "\r\n" is one Character in Swift, so split on it as well as on "\n".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in lines.enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            try parser.read(line, number: index + 1)
        }
        try parser.finish()

        let inspectionID = [slug(force), framework.id, InspectionJSON.dayString(of: published)].joined(separator: "-")
        let inspection = Inspection(
            id: inspectionID, force: force, frameworkID: framework.id,
            title: parser.title ?? "\(framework.name): \(force)", published: published,
            sources: sourceReference.map { [InspectionSource(reference: $0, description: parser.title)] } ?? [],
            judgements: parser.judgements, findings: parser.findings
        )
        let summary = InspectionImportSummary(
            inspection: inspection, framework: framework, headingLines: parser.headingLines, title: parser.title)
        return ParsedInspectionReport(title: parser.title, inspection: inspection, summary: summary)
    }

    static func slug(_ text: String) -> String {
        var out = ""
        for ch in InspectionText.normalised(text) {
            if ch.isLetter || ch.isNumber {
                out.append(ch)
            } else if !out.isEmpty, out.last != "-" {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "force" : out
    }

    /// The grades a paragraph states: "is/are/was/were/remains good" (and outstanding, adequate,
    /// inadequate) and "requires/require/requiring improvement".
    static func gradesStated(in paragraph: String) -> [Grade] {
        let letters = InspectionText.normalised(paragraph).map { $0.isLetter ? $0 : Character(" ") }
        let words = String(letters).split(separator: " ").map(String.init)
        let verbs: Set<String> = ["is", "are", "was", "were", "remains", "remain"]
        var found: [Grade] = []
        func add(_ grade: Grade) { if !found.contains(grade) { found.append(grade) } }
        for (i, word) in words.enumerated() where i + 1 < words.count {
            let next = words[i + 1]
            if verbs.contains(word) {
                switch next {
                case "outstanding": add(.outstanding)
                case "good": add(.good)
                case "adequate": add(.adequate)
                case "inadequate": add(.inadequate)
                default: break
                }
            } else if ["requires", "require", "requiring"].contains(word), next == "improvement" {
                add(.requiresImprovement)
            }
        }
        return found
    }
}

// MARK: - Results

/// Why a report's text was refused: the line (1-based) and its text where one is to blame.
public struct InspectionReportParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var lineNumber: Int?
    public var line: String?
    public var reason: String

    public init(lineNumber: Int? = nil, line: String? = nil, reason: String) {
        self.lineNumber = lineNumber
        self.line = line
        self.reason = reason
    }

    public var description: String {
        guard let lineNumber else { return reason }
        let shown = line.map { $0.count > 100 ? String($0.prefix(100)) + "…" : $0 } ?? ""
        return "line \(lineNumber): \"\(shown)\": \(reason)"
    }
}

/// What the parser read from a report.
public struct ParsedInspectionReport: Sendable, Hashable {
    /// The report's first line when it was a title, e.g. "Metropolitan PEEL 2016".
    public var title: String?
    public var inspection: Inspection
    public var summary: InspectionImportSummary
}

/// What an import extracted, for the command to print before it saves anything.
public struct InspectionImportSummary: Sendable, Hashable {
    /// One area heading found in the text, with what was extracted under it.
    public struct Area: Sendable, Hashable {
        public var areaID: String
        public var name: String
        /// The line of the area's heading in the text.
        public var headingLine: Int
        public var isGraded: Bool
        /// Whether a judgement was recorded (a pillar with no paragraphs has none).
        public var judged: Bool
        public var grade: Grade?
        public var counts: [FindingKind: Int]
    }

    /// In report order.
    public var areas: [Area]
    public var totals: [FindingKind: Int]
    public var judgementCount: Int
    public var gradedJudgementCount: Int
    /// Printable lines, e.g. "How effective is the force at … (line 4): Good; 3 areas for improvement".
    public var lines: [String]

    public var text: String { lines.joined(separator: "\n") }

    public func total(_ kind: FindingKind) -> Int { totals[kind] ?? 0 }

    init(
        inspection: Inspection, framework: InspectionFramework, headingLines: [(areaID: String, line: Int)],
        title: String?
    ) {
        var totals: [FindingKind: Int] = [:]
        for finding in inspection.findings { totals[finding.kind, default: 0] += 1 }
        var areas: [Area] = []
        for (areaID, line) in headingLines {
            guard let area = framework.area(id: areaID) else { continue }
            var counts: [FindingKind: Int] = [:]
            for finding in inspection.findings(in: areaID) { counts[finding.kind, default: 0] += 1 }
            let judgement = inspection.judgement(for: areaID)
            areas.append(
                Area(
                    areaID: areaID, name: area.name, headingLine: line, isGraded: area.isGraded,
                    judged: judgement != nil, grade: judgement?.grade, counts: counts))
        }
        self.areas = areas
        self.totals = totals
        judgementCount = inspection.judgements.count
        gradedJudgementCount = inspection.judgements.filter { $0.grade != nil }.count

        func phrase(_ n: Int, _ kind: FindingKind) -> String {
            let noun = n == 1 ? kind.label.lowercased() : kind.pluralLabel.lowercased()
            return "\(n) \(noun)"
        }
        var lines: [String] = []
        lines.append(
            "\(title ?? inspection.title): \(inspection.force), \(framework.name), published "
                + (inspection.published.map(InspectionJSON.dayString(of:)) ?? "unknown"))
        lines.append(
            "\(judgementCount) judgement\(judgementCount == 1 ? "" : "s") (\(gradedJudgementCount) graded); "
                + FindingKind.allCases.map { phrase(totals[$0] ?? 0, $0) }.joined(separator: ", "))
        for area in areas {
            var parts: [String] = []
            if area.judged {
                parts.append(area.grade?.label ?? "reported, not graded")
            } else {
                parts.append("no judgement in the text")
            }
            parts += FindingKind.allCases.compactMap { kind in area.counts[kind].map { phrase($0, kind) } }
            lines.append("  \(area.name) (line \(area.headingLine)): " + parts.joined(separator: "; "))
        }
        self.lines = lines
    }
}

// MARK: - The reader

private struct Parser {
    let framework: InspectionFramework

    private(set) var title: String?
    private(set) var judgements: [AreaJudgement] = []
    private(set) var findings: [Finding] = []
    private(set) var headingLines: [(areaID: String, line: Int)] = []

    private var sawNonBlank = false
    private var section: Section?
    private var block: Block = .summary
    private var seenAreas: [String: Int] = [:]
    /// The pillar whose heading was last seen (PEEL 2014–2019), so a question under the wrong one is refused.
    private var pillar: (id: String, name: String, line: Int)?
    private var counters: [String: Int] = [:]

    init(framework: InspectionFramework) {
        self.framework = framework
    }

    private struct Section {
        let area: InspectionArea
        let headingLine: Int
        let headingText: String
        var paragraphs: [(line: Int, text: String)] = []
        var findingsCount = 0
        var isEmpty: Bool { paragraphs.isEmpty && findingsCount == 0 }
    }

    private enum Block {
        /// The area's paragraphs, before any findings heading.
        case summary
        /// An "Areas for improvement" or innovative practice list.
        case list(kind: FindingKind, headingLine: Int, headingText: String, items: Int)
        /// A cause of concern's text, waiting for its "Recommendations".
        case cause(headingLine: Int, headingText: String, paragraphs: [(line: Int, text: String)])
        /// A recommendations list, under a cause of concern or on its own.
        case recommendations(headingLine: Int, headingText: String, causeID: String?, leadIn: String?, items: Int)
    }

    private enum FindingsHeading {
        case areasForImprovement, causeOfConcern, recommendations, innovativePractice

        init?(_ line: String) {
            switch InspectionText.normalised(line) {
            case "areas for improvement", "area for improvement": self = .areasForImprovement
            case "cause of concern", "causes of concern": self = .causeOfConcern
            case "recommendations", "recommendation": self = .recommendations
            case "innovative practice", "promising practice", "innovative or promising practice",
                "innovative and promising practice":
                self = .innovativePractice
            default: return nil
            }
        }
    }

    private enum Line {
        case bullet(String)
        case findingsHeading(FindingsHeading)
        case area(InspectionArea)
        case unknownQuestion
        case unknownHeading
        case prose
    }

    private func classify(_ text: String) -> Line {
        for marker in ["- ", "– ", "• ", "* ", "-\t", "•\t"] where text.hasPrefix(marker) {
            return .bullet(String(text.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces))
        }
        if ["-", "–", "•", "*"].contains(text) { return .bullet("") }
        if let heading = FindingsHeading(text) { return .findingsHeading(heading) }
        if let area = framework.area(matchingHeading: text) { return .area(area) }
        if text.hasSuffix("?") { return .unknownQuestion }
        let closing: Set<Character> = [
            ".", "!", ":", ";", ",", ")", "]", "\u{201D}", "\u{2019}", "\"", "'", "\u{2026}",
        ]
        if let last = text.last, !closing.contains(last) { return .unknownHeading }
        return .prose
    }

    private func refuse(_ number: Int, _ text: String, _ reason: String) -> InspectionReportParseError {
        InspectionReportParseError(lineNumber: number, line: text, reason: reason)
    }

    mutating func read(_ raw: String, number: Int) throws(InspectionReportParseError) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return }
        let isFirst = !sawNonBlank
        sawNonBlank = true
        let kind = classify(text)

        guard section != nil else {
            switch kind {
            case .area(let area):
                startSection(area, line: number, text: text)
            case .unknownHeading where isFirst:
                title = text
            case .unknownQuestion:
                throw refuse(
                    number, text, "reads as a question heading, but \(framework.name) has no such question or area")
            case .unknownHeading:
                throw refuse(
                    number, text,
                    "reads as a heading (no closing punctuation) but is not a question or area of \(framework.name), "
                        + "and only the first line may be a title")
            default:
                throw refuse(
                    number, text,
                    "comes before the first question or area heading of \(framework.name), so it cannot be placed")
            }
            return
        }

        switch kind {
        case .area(let area):
            if let current = section, current.area.id == area.id, current.isEmpty, case .summary = block {
                return  // a second heading for the area just opened: pillar name, then its headline question
            }
            if let first = seenAreas[area.id] {
                throw refuse(number, text, "repeats the heading for \(area.name) first given at line \(first)")
            }
            if let parentID = area.parentID, let pillar, pillar.id != parentID {
                let parentName = framework.area(id: parentID)?.name ?? parentID
                throw refuse(
                    number, text,
                    "is a question of \(parentName) but comes under the \(pillar.name) heading at line \(pillar.line)")
            }
            try finishBlock()
            try finishSection()
            startSection(area, line: number, text: text)

        case .findingsHeading(let heading):
            try openFindings(heading, line: number, text: text)

        case .bullet(let item):
            guard !item.isEmpty else { throw refuse(number, text, "is an empty list item") }
            try addItem(item, line: number, text: text)

        case .prose:
            try addProse(text, line: number)

        case .unknownQuestion:
            throw refuse(
                number, text, "reads as a question heading, but \(framework.name) has no such question or area")

        case .unknownHeading:
            throw refuse(
                number, text,
                "reads as a heading (no closing punctuation) but is neither a question or area of "
                    + "\(framework.name) nor a findings heading (Areas for improvement, Cause of concern, "
                    + "Recommendations, Innovative practice)")
        }
    }

    mutating func finish() throws(InspectionReportParseError) {
        guard section != nil else {
            throw InspectionReportParseError(
                reason: sawNonBlank
                    ? "the text has no question or area heading of \(framework.name)" : "the text is empty")
        }
        try finishBlock()
        try finishSection()
    }

    // MARK: Sections

    private mutating func startSection(_ area: InspectionArea, line: Int, text: String) {
        if area.parentID == nil {
            pillar = framework.hasChildren(area.id) ? (area.id, area.name, line) : nil
        }
        section = Section(area: area, headingLine: line, headingText: text)
        block = .summary
        seenAreas[area.id] = line
        headingLines.append((area.id, line))
    }

    private mutating func finishSection() throws(InspectionReportParseError) {
        guard let section else { return }
        let area = section.area
        defer { self.section = nil }
        guard let first = section.paragraphs.first else {
            if framework.hasChildren(area.id) { return }  // a pillar heading with its questions below
            if area.isGraded {
                throw refuse(
                    section.headingLine, section.headingText,
                    "\(area.name) is graded, but no paragraph under its heading states the grade")
            }
            if section.findingsCount == 0 {
                throw refuse(section.headingLine, section.headingText, "the heading is followed by no text")
            }
            return
        }
        let summary = section.paragraphs.map(\.text).joined(separator: "\n\n")
        guard area.isGraded else {
            judgements.append(AreaJudgement(areaID: area.id, grade: nil, summary: summary))
            return
        }
        let grades = InspectionReportParser.gradesStated(in: first.text)
        guard let grade = grades.first else {
            throw refuse(
                first.line, first.text,
                "is the first paragraph under the graded heading \"\(area.name)\" but states no grade "
                    + "(\"… is good …\", \"… requires improvement …\", \"… is inadequate …\")")
        }
        guard grades.count == 1 else {
            throw refuse(
                first.line, first.text,
                "states more than one grade (\(grades.map(\.label).joined(separator: ", "))), "
                    + "so the judgement is unclear"
            )
        }
        guard framework.gradeScale.includes(grade) else {
            throw refuse(first.line, first.text, "states \(grade.label), which \(framework.name) does not award")
        }
        judgements.append(AreaJudgement(areaID: area.id, grade: grade, summary: summary))
    }

    // MARK: Findings

    private mutating func openFindings(_ heading: FindingsHeading, line: Int, text: String)
        throws(InspectionReportParseError)
    {
        if heading == .recommendations, case .cause(let causeLine, let causeText, let paragraphs) = block {
            guard !paragraphs.isEmpty else {
                throw refuse(causeLine, causeText, "the cause of concern has no text before its recommendations")
            }
            let causeID = nextID("COC")
            append(
                Finding(
                    id: causeID, kind: .causeOfConcern, areaID: section!.area.id,
                    text: paragraphs.map(\.text).joined(separator: "\n\n")))
            block = .recommendations(headingLine: line, headingText: text, causeID: causeID, leadIn: nil, items: 0)
            return
        }
        try finishBlock()
        switch heading {
        case .areasForImprovement:
            block = .list(kind: .areaForImprovement, headingLine: line, headingText: text, items: 0)
        case .innovativePractice:
            block = .list(kind: .innovativePractice, headingLine: line, headingText: text, items: 0)
        case .causeOfConcern:
            block = .cause(headingLine: line, headingText: text, paragraphs: [])
        case .recommendations:
            block = .recommendations(headingLine: line, headingText: text, causeID: nil, leadIn: nil, items: 0)
        }
    }

    /// Checks the block that is ending is complete.
    private mutating func finishBlock() throws(InspectionReportParseError) {
        switch block {
        case .summary:
            break
        case .list(_, let line, let text, let items), .recommendations(let line, let text, _, _, let items):
            if items == 0 { throw refuse(line, text, "the heading is followed by no \"- \" items") }
        case .cause(let line, let text, _):
            throw refuse(
                line, text,
                "the cause of concern is not followed by its \"Recommendations\"; a cause of concern always "
                    + "comes with one or more recommendations")
        }
        block = .summary
    }

    private mutating func addItem(_ item: String, line: Int, text: String) throws(InspectionReportParseError) {
        let areaID = section!.area.id
        switch block {
        case .list(let kind, let headingLine, let headingText, let items):
            append(
                Finding(id: nextID(kind == .areaForImprovement ? "AFI" : "IP"), kind: kind, areaID: areaID, text: item))
            block = .list(kind: kind, headingLine: headingLine, headingText: headingText, items: items + 1)
        case .recommendations(let headingLine, let headingText, let causeID, let leadIn, let items):
            let id = causeID.map { nextID("\($0)-R") } ?? nextID("R")
            append(
                Finding(
                    id: id, kind: .recommendation, areaID: areaID, text: item, leadIn: leadIn, causeOfConcernID: causeID
                ))
            block = .recommendations(
                headingLine: headingLine, headingText: headingText, causeID: causeID, leadIn: leadIn, items: items + 1)
        case .summary:
            throw refuse(
                line, text,
                "is a list item with no list heading above it "
                    + "(Areas for improvement, Recommendations, Innovative practice)"
            )
        case .cause:
            throw refuse(
                line, text,
                "is a list item inside a cause of concern; its recommendations need a \"Recommendations\" heading")
        }
    }

    private mutating func addProse(_ text: String, line: Int) throws(InspectionReportParseError) {
        switch block {
        case .summary:
            section!.paragraphs.append((line, text))
        case .cause(let headingLine, let headingText, var paragraphs):
            paragraphs.append((line, text))
            block = .cause(headingLine: headingLine, headingText: headingText, paragraphs: paragraphs)
        case .recommendations(let headingLine, let headingText, let causeID, nil, 0) where text.hasSuffix(":"):
            block = .recommendations(
                headingLine: headingLine, headingText: headingText, causeID: causeID, leadIn: text, items: 0)
        case .recommendations(let headingLine, let headingText, _, _, _):
            throw refuse(
                line, text,
                "is prose in the recommendations under line \(headingLine) (\"\(headingText)\"): only one lead-in "
                    + "ending in \":\" may come before the \"- \" items, and a list runs to the next heading; "
                    + "if this continues the previous item, join it to that line")
        case .list(let kind, let headingLine, _, _):
            throw refuse(
                line, text,
                "is prose after the \(kind.pluralLabel.lowercased()) list under line \(headingLine): "
                    + "a list runs to the next heading, so this line cannot be placed; "
                    + "if it continues the previous item, join it to that line"
            )
        }
    }

    private mutating func append(_ finding: Finding) {
        findings.append(finding)
        section!.findingsCount += 1
    }

    private mutating func nextID(_ prefix: String) -> String {
        counters[prefix, default: 0] += 1
        return "\(prefix)\(counters[prefix]!)"
    }
}

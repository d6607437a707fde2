import BluelampCore
import Foundation
import Testing

@testable import BluelampApp

/// `bluelamp dash score --answers ANSWERS.csv --out LEVELS.csv` (issue 17): a good file, and each bad kind, through
/// the command line in this process.
@Suite struct DashCommandTests {
    static let header = DashScoreFile.answerColumns.joined(separator: ",") + "\n"

    static func row(_ id: String, yes: Int, judgement: String = "") -> String {
        ([id] + (1...27).map { $0 <= yes ? "Y" : $0 % 2 == 0 ? "nk" : "N" } + [judgement]).joined(separator: ",")
            + "\n"
    }

    static let good =
        header + row("D-1", yes: 14) + row("D-2", yes: 9) + row("D-3", yes: 10)
        + row("D-4", yes: 2, judgement: "high") + row("D-5", yes: 13, judgement: "medium")

    static let expected = """
        assessment_id,yes_count,level,marac
        D-1,14,high,true
        D-2,9,standard,false
        D-3,10,medium,false
        D-4,2,high,true
        D-5,13,medium,false

        """

    private func folder(_ answers: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(answers.utf8).write(to: url.appendingPathComponent("ANSWERS.csv"))
        return url
    }

    @Test func `writes LEVELS.csv for a good file and exits 0`() async throws {
        let dir = try folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("LEVELS.csv")

        let status = await BluelampCommand.run(arguments: [
            "dash", "score", "--answers", dir.appendingPathComponent("ANSWERS.csv").path, "--out", out.path,
        ])

        #expect(status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == Self.expected)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["ANSWERS.csv", "LEVELS.csv"])
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let answers: String
        let problem: String
        var testDescription: String { name }
    }

    static let bad: [BadCase] = [
        BadCase(
            name: "a bad answer",
            answers: header + row("D-1", yes: 3)
                + row("D-2", yes: 3).replacingOccurrences(
                    of: "D-2,Y,", with: "D-2,maybe,"),
            problem: ":3: column q1: \"maybe\" is not Y, N or NK"),
        BadCase(
            name: "a bad judgement", answers: header + row("D-1", yes: 3, judgement: "extreme"),
            problem: ":2: column judgement_level: \"extreme\" is not empty, standard, medium or high"),
        BadCase(
            name: "a judgement below the score", answers: header + row("D-1", yes: 20, judgement: "standard"),
            problem: ":2: column judgement_level: standard is below the scored level high (20 yes)"),
        BadCase(
            name: "a missing column",
            answers: DashScoreFile.answerColumns.dropLast().joined(separator: ",") + "\n"
                + String(row("D-1", yes: 1).dropLast(2)) + "\n",
            problem: ":1: column judgement_level: missing from the header"),
        BadCase(
            name: "a short row", answers: header + row("D-1", yes: 1) + "D-2,Y,N,NK\n",
            problem: ":3: 4 fields where the header has 29"),
        BadCase(
            name: "a repeated id", answers: header + row("D-1", yes: 1) + row("D-2", yes: 1) + row("D-1", yes: 2),
            problem: ":4: column assessment_id: \"D-1\" repeats the id on line 2"),
        BadCase(
            name: "an empty id", answers: header + row("", yes: 1),
            problem: ":2: column assessment_id: empty; every row needs one"),
    ]

    @Test(arguments: bad) func `a bad file exits 1, names the line and column, and writes nothing`(_ c: BadCase)
        async throws
    {
        let dir = try folder(c.answers)
        defer { try? FileManager.default.removeItem(at: dir) }
        let answers = dir.appendingPathComponent("ANSWERS.csv").path
        let out = dir.appendingPathComponent("LEVELS.csv")

        let status = await BluelampCommand.run(arguments: ["dash", "score", "--answers", answers, "--out", out.path])
        #expect(status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let failure = #expect(throws: CommandFailure.self) {
            try DashCommand.score(answersPath: answers, outPath: out.path)
        }
        let lines = (failure?.message ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "1 problem in \(answers); nothing was written:")
        #expect(lines.dropFirst().first?.hasPrefix(answers + c.problem) == true, "\(lines)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ANSWERS.csv"])
    }

    @Test func `a bad file leaves an earlier LEVELS.csv as it was`() throws {
        let dir = try folder(Self.header + Self.row("D-1", yes: 1) + Self.row("D-1", yes: 1))
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("LEVELS.csv")
        try Data("an earlier run\n".utf8).write(to: out)
        #expect(throws: CommandFailure.self) {
            try DashCommand.score(answersPath: dir.appendingPathComponent("ANSWERS.csv").path, outPath: out.path)
        }
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier run\n")
    }
}

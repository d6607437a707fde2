import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp dash`: the DASH scoring rule on files, with no database.
struct DashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dash", abstract: "The DASH risk scoring rule on files, without a database.",
        subcommands: [Score.self])

    /// `bluelamp dash score --answers ANSWERS.csv --out LEVELS.csv` (issue 17): each assessment's score, level and
    /// whether it must go to MARAC. A thin command over `DashCommand.score(…)`, which the tests call directly.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score", abstract: "Score DASH risk assessments and say which must go to MARAC.",
            discussion: """
                ANSWERS.csv: assessment_id,q1,...,q27,judgement_level in any order (each answer Y, N or NK in any \
                case; judgement_level empty or standard, medium or high). Writes LEVELS.csv: \
                assessment_id,yes_count,level,marac in the input's order: yes_count is the number of Y answers, level \
                is standard for 0-9, medium for 10-13 and high for 14 or more (the default DASH policy), raised - never \
                lowered - by judgement_level; marac is true when the level is high (the file holds no history, so the \
                3-in-12-months escalation criterion is not applied). A bad value, a missing column, a short row or a \
                repeated id refuses the whole file: every problem goes to standard error as \
                ANSWERS.csv:LINE: column COLUMN: reason, the exit status is 1 and nothing is written.
                """)

        @ArgumentParser.Option(help: ArgumentHelp("The DASH answers (CSV).", valueName: "ANSWERS.csv"))
        var answers: String

        @ArgumentParser.Option(help: ArgumentHelp("Where to write the levels (CSV).", valueName: "LEVELS.csv"))
        var out: String

        func run() throws {
            let count = try DashCommand.score(answersPath: answers, outPath: out)
            print("Wrote \(count) level\(count == 1 ? "" : "s") to \(out).")
        }
    }

    /// Reads `answersPath`, scores every assessment under the default DASH policy and writes LEVELS.csv to
    /// `outPath` atomically, returning the number of rows. Throws a `CommandFailure` with every problem on a line of
    /// its own, `ANSWERS.csv:LINE: column COLUMN: reason`; `outPath` is then left as it was.
    @discardableResult
    static func score(answersPath: String, outPath: String) throws -> Int {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: answersPath))
        } catch {
            throw CommandFailure(message: "cannot read \(answersPath): no such file, or not readable")
        }
        let rows: [DashScoreFile.Row]
        do {
            rows = try DashScoreFile.score(answers: data, policy: .standard)
        } catch let found as FileProblems {
            let count = found.problems.count
            throw CommandFailure(
                message: "\(count) problem\(count == 1 ? "" : "s") in \(answersPath); nothing was written:\n"
                    + found.problems.map { problem in
                        let place = "\(answersPath):\(problem.line ?? 1):"
                        return problem.field.map { "\(place) column \($0): \(problem.reason)" }
                            ?? "\(place) \(problem.reason)"
                    }.joined(separator: "\n"))
        }
        do {
            try Data(DashScoreFile.csv(rows).utf8).write(to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write \(outPath): \(error.localizedDescription)")
        }
        return rows.count
    }
}

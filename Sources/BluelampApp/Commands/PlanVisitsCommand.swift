import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp plan-visits`: the visit planner on an exported register, outside the database (issue 8,
/// "Planner on files"). A thin command over `PlanVisitsCommand.plan(…)`, which the tests call directly.
struct PlanVisitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-visits", abstract: "Plan offender managers' home visits from a register file.",
        discussion: """
            REGISTER.csv: offender_id,manager_id,risk,last_successful_visit,frequency_months (risk is \
            low|medium|high|very_high; an empty last visit means never visited; an empty frequency means the \
            risk level's default). MANAGERS.csv: manager_id,visits_per_week. Writes PLAN.csv \
            (offender_id,manager_id,date,time,announced), one row per planned visit; the forecast of offenders who \
            will still fall overdue goes to standard error. Every problem in the files is reported with its file, \
            line and field, and nothing is written unless both files are good. No database is used.
            """)

    @ArgumentParser.Option(help: "The register of offenders (CSV).")
    var register: String

    @ArgumentParser.Option(help: "The offender managers and their visits per week (CSV).")
    var managers: String

    @ArgumentParser.Option(help: "The first day of the plan, YYYY-MM-DD.")
    var start: String

    @ArgumentParser.Option(help: "How many weeks to plan (1 to 520).")
    var weeks: Int

    @ArgumentParser.Option(help: "The seed for days, times and announced visits: the same seed gives the same plan.")
    var seed: UInt64 = 1

    @ArgumentParser.Option(help: "Where to write the plan (CSV).")
    var out: String

    func validate() throws {
        guard OffenderCalendar.parseDay(start) != nil else {
            throw ValidationError("--start must be a date in the form YYYY-MM-DD, not \"\(start)\"")
        }
    }

    func run() throws {
        let output = try Self.plan(
            registerPath: register, managersPath: managers, start: OffenderCalendar.parseDay(start)!, weeks: weeks,
            seed: seed, outPath: out)
        for line in output.forecastLines {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        print(Self.summary(output, outPath: out))
    }

    /// Reads both files, plans, and writes the plan to `outPath` only when both files are good.
    ///
    /// Throws a `CommandFailure` naming every problem, each as `FILE line N, field F: reason`, with the
    /// file as the caller named it; `outPath` is then left untouched.
    @discardableResult
    static func plan(
        registerPath: String, managersPath: String, start: Date, weeks: Int, seed: UInt64, outPath: String
    ) throws -> VisitPlanFiles.Output {
        let registerData = try read(registerPath)
        let managersData = try read(managersPath)
        let output: VisitPlanFiles.Output
        do {
            output = try VisitPlanFiles.plan(
                register: registerData, managers: managersData, start: start, weeks: weeks, seed: seed)
        } catch {
            let names = [VisitPlanFiles.registerFileName: registerPath, VisitPlanFiles.managersFileName: managersPath]
            let lines = error.problems.map { problem in
                var located = problem
                located.file = problem.file.map { names[$0] ?? $0 }
                return "  " + located.description
            }
            let count = lines.count
            throw CommandFailure(
                message: "\(count) problem\(count == 1 ? "" : "s") in the files; nothing was written:\n"
                    + lines.joined(separator: "\n"))
        }
        do {
            // Atomic, so a failure part-way never leaves half a plan behind.
            try Data(output.planCSV.utf8).write(to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write the plan to \(outPath): \(error.localizedDescription)")
        }
        return output
    }

    /// `Planned 24 visits (58% unannounced) for 20 offenders …; 3 will be overdue (see the forecast).`
    static func summary(_ output: VisitPlanFiles.Output, outPath: String) -> String {
        let plan = output.plan
        let offenders = Set(plan.visits.map(\.offenderID)).count
        let share = Int((plan.unannouncedShare * 100).rounded())
        var text =
            "Planned \(plan.visits.count) visit\(plan.visits.count == 1 ? "" : "s") (\(share)% unannounced) to "
            + "\(offenders) offender\(offenders == 1 ? "" : "s") from \(OffenderCalendar.format(plan.start)) to "
            + "\(OffenderCalendar.format(plan.lastDay)); wrote \(outPath)."
        if !plan.backlog.isEmpty {
            text += " \(plan.backlog.count) will be overdue at some point (forecast on standard error)."
        }
        return text
    }

    private static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "cannot read \(path): no such file, or not readable")
        }
    }
}

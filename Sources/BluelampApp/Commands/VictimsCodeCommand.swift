import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp victims-code`: the Victims' Code's clocks on files, with no database.
struct VictimsCodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "victims-code", abstract: "The Victims' Code's clocks on files, without a database.",
        subcommands: [Due.self])

    /// `bluelamp victims-code due --events EVENTS.csv --out DUE.csv` (issue 16): the last day to tell each victim of
    /// each key event. A thin command over `VictimsCodeCommand.due(…)`, which the tests call directly.
    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due", abstract: "Work out when each victim must be told of each key event.",
            discussion: """
                EVENTS.csv: victim_id,enhanced,event,occurred_at in any order (enhanced is true or false; event is \
                one of arrested, interviewed, released_on_bail, released_under_investigation, charged, \
                no_further_action, investigation_closed, outcome_recorded; occurred_at is ISO 8601 with an offset or \
                Z). Writes DUE.csv: victim_id,event,occurred_at,due_by in the input's order, due_by being the last \
                day (YYYY-MM-DD, Europe/London) to tell the victim: the 1st working day after the local date of the \
                event with enhanced rights, the 5th otherwise (Victims' Code, Right 6), skipping weekends and the \
                bank holidays of England and Wales 2015-2030. A bad row refuses the whole file: every problem goes to \
                standard error as EVENTS.csv:LINE: column COLUMN: reason, the exit status is 1 and nothing is written.
                """)

        @ArgumentParser.Option(help: ArgumentHelp("The key events (CSV).", valueName: "EVENTS.csv"))
        var events: String

        @ArgumentParser.Option(help: ArgumentHelp("Where to write the due dates (CSV).", valueName: "DUE.csv"))
        var out: String

        func run() throws {
            let count = try VictimsCodeCommand.due(eventsPath: events, outPath: out, calendar: .bundled())
            print("Wrote \(count) due date\(count == 1 ? "" : "s") to \(out).")
        }
    }

    /// Reads `eventsPath`, works out every due date and writes DUE.csv to `outPath`, returning the number of rows.
    ///
    /// Throws a `CommandFailure` with every problem on a line of its own, `EVENTS.csv:LINE: column COLUMN: reason`
    /// with the file named as the caller named it; `outPath` is then left as it was. The write is atomic (a
    /// temporary file renamed into place), so a failure part-way never leaves half a file.
    @discardableResult
    static func due(eventsPath: String, outPath: String, calendar: BankHolidayCalendar) throws -> Int {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: eventsPath))
        } catch {
            throw CommandFailure(message: "cannot read \(eventsPath): no such file, or not readable")
        }
        let rows: [VictimsCodeDueFile.Row]
        do {
            rows = try VictimsCodeDueFile.due(events: data, calendar: calendar)
        } catch let found as VictimsCodeDueFile.Problems {
            let count = found.problems.count
            throw CommandFailure(
                message: "\(count) problem\(count == 1 ? "" : "s") in \(eventsPath); nothing was written:\n"
                    + found.problems.map { $0.description(file: eventsPath) }.joined(separator: "\n"))
        }
        do {
            try Data(VictimsCodeDueFile.csv(rows).utf8).write(to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write \(outPath): \(error.localizedDescription)")
        }
        return rows.count
    }
}

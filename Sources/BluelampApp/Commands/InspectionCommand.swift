import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

struct InspectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection", abstract: "Inspection reports and findings.",
        subcommands: [ImportReportCommand.self, ImportGradesCommand.self])
}

/// `bluelamp inspection import-report FILE.txt --force NAME --framework ID --published YYYY-MM-DD`
struct ImportReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-report",
        abstract: "Read the plain text of a published inspection report into an inspection and its findings.",
        discussion: """
            The text is laid out as shared/seeds/002_53bfed75c7325b7e.txt is: question or area headings, a first
            paragraph stating the judgement ("… is good …", "… requires improvement …"), "Areas for improvement"
            lists, "Cause of concern" followed by its "Recommendations". It prints what it extracted. Text it cannot
            place is refused with its line number and nothing is written; importing the same report again changes
            nothing.
            """)

    @ArgumentParser.Argument(help: "The report as a plain text file.")
    var file: String

    @ArgumentParser.Option(help: "The force as the inspectorate names it, e.g. \"Metropolitan Police Service\".")
    var force: String

    @ArgumentParser.Option(help: "The framework the report uses: peel-2014-2019, peel-2021-22, peel-2023-25 …")
    var framework: String

    @ArgumentParser.Option(help: "The publication date, YYYY-MM-DD.")
    var published: String

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard CalendarDay(published) != nil else {
            throw ValidationError("--published must be a date written YYYY-MM-DD")
        }
        if force.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--force must not be empty") }
    }

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        do {
            let lines = try await Self.importReport(
                file: URL(fileURLWithPath: file), force: force, frameworkID: framework, published: published,
                service: InspectionImportService(app.commandService("bluelamp inspection import-report")))
            print(lines.joined(separator: "\n"))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Imports the report in `file` and returns what to print. Throws a `CommandFailure` (one line,
    /// naming the report's line where the text could not be placed) when it refuses; nothing is
    /// written then.
    static func importReport(
        file: URL, force: String, frameworkID: String, published: String, service: InspectionImportService
    ) async throws -> [String] {
        guard let day = CalendarDay(published)?.start else {
            throw CommandFailure(message: "--published must be a date written YYYY-MM-DD", code: 2)
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "cannot read \(file.path) as UTF-8 text")
        }
        do {
            let result = try await service.importReport(
                text: text, force: force, frameworkID: frameworkID, published: day,
                sourceReference: file.lastPathComponent)
            var lines = result.parsed.summary.lines
            switch result.outcome {
            case .created(let id):
                lines.append("Imported as inspection \(result.parsed.inspection.id) (id \(id)).")
            case .unchanged(let id):
                lines.append(
                    "Already imported as inspection \(result.parsed.inspection.id) (id \(id)); nothing changed.")
            }
            return lines
        } catch ServiceError.invalid(let problems) {
            throw CommandFailure(
                message: problems.errors.map { "\($0.label): \($0.message)" }.joined(separator: "; ")
                    + "; nothing was written")
        } catch let error as ServiceError {
            throw CommandFailure(message: error.description)
        }
    }
}

/// `bluelamp inspection import-grades FILE.csv`
struct ImportGradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-grades",
        abstract: "Read a table of PEEL graded results into inspections, one for each force's round.",
        discussion: """
            The table has the columns of shared/data/hmicfrs-peel/metropolitan-peel-grades.csv, as they are: \
            force, police_uk_force_id, inspection, framework, area, grade, source_urls, note. Each force's round \
            ("PEEL 2021/22") becomes an inspection of its graded results, under the framework covering its first \
            year. A row that cannot be placed is named with its line and column and nothing is written; importing \
            the same table again changes nothing.
            """)

    @ArgumentParser.Argument(help: "The grades table, a CSV file.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        let lines = try await withApplication(settings: settings) { app in
            try await Self.importGrades(file: URL(fileURLWithPath: file), app: app)
        }
        print(lines.joined(separator: "\n"))
    }

    /// Imports the table in `file` and returns what to print. Throws a `CommandFailure` when it refuses (every
    /// problem on a line of its own, naming the file's line and column); nothing is written then.
    static func importGrades(file: URL, app: Application) async throws -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw CommandFailure(message: "cannot read \(file.path)")
        }
        let name = file.lastPathComponent
        do {
            let result = try await InspectionImportService(app.commandService("bluelamp inspection import-grades"))
                .importGrades(data, fileName: name)
            return result.lines + ["\(result.created) of \(result.items.count) inspections imported from \(name)."]
        } catch let error as ServiceError {
            let detail: String =
                switch error {
                case .invalid(let problems): problems.errors.map { "\n  \(name), \($0.description)" }.joined()
                default: " \(error.description)"
                }
            throw CommandFailure(message: "\(name) was refused; nothing was written:" + detail)
        }
    }
}

import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/imports`: upload a police.uk file and see the same report the command prints.
struct ImportPage {
    struct Model {
        var report: PoliceUKImportReport?
        var recent: [ImportBatchSummary]
        var errors: [String]
        var csrf: String?
        var maxMegabytes: Int
        /// Outcomes held for crimes not (yet) imported.
        var outcomesOfCrimesNotHeld = 0
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Import police.uk files",
                "A street or outcomes CSV exactly as data.police.uk publishes it (plain or .gz, up to \(model.maxMegabytes) MB). A file with any bad row writes nothing; the same file twice changes nothing."
            ),
            Part.errors(model.errors),
            .unwrap(model.report) { report in
                .div(
                    .class("flash \(report.status == .refused ? "error" : "")"),
                    .attribute(named: "role", value: report.status == .refused ? "alert" : "status"),
                    .h2(
                        .text(
                            report.status == .refused
                                ? "File refused: nothing was written"
                                : report.status == .alreadyImported ? "Already imported" : "Imported")),
                    .p(.text(report.summary)),
                    .if(
                        !report.errors.isEmpty,
                        .div(
                            .class("table-wrap"),
                            .table(
                                .class("responsive"),
                                .thead(.tr(.th("Line"), .th("Field"), .th("Reason"))),
                                .tbody(
                                    .forEach(report.errors) { error in
                                        .tr(
                                            CrimeParts.cell("Line", .text(error.line.map(String.init) ?? "file")),
                                            CrimeParts.cell("Field", .text(error.field ?? "—")),
                                            CrimeParts.cell("Reason", .text(error.reason)))
                                    })
                            ))),
                    .if(
                        report.errorCount > report.errors.count,
                        .p(.text("… and \(report.errorCount - report.errors.count) more problems.")))
                )
            },
            .form(
                .class("stack"), .method(.post), .action(Paths.imports), .enctype(.multipartData),
                .component(Part.csrf(model.csrf)),
                .div(
                    .class("field"),
                    .label(.for("file"), "File"),
                    .input(
                        .type(.file), .name("file"), .id("file"),
                        .attribute(named: "accept", value: ".csv,.gz,text/csv"), .required(true))
                ),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Bad rows"),
                    .component(
                        CrimeParts.checkbox(
                            name: "skip_bad", value: "on", label: "Import the good rows and list the rejected ones",
                            checked: false))),
                .button(.type(.submit), "Import")
            ),
            .h2("Outcomes of crimes not held"),
            .p(
                .text(
                    model.outcomesOfCrimesNotHeld == 0
                        ? "None: every imported outcome is linked to its crime."
                        : "\(model.outcomesOfCrimesNotHeld) \(model.outcomesOfCrimesNotHeld == 1 ? "outcome of a crime" : "outcomes of crimes") not held. "
                            + "A month's outcomes file holds the outcomes recorded that month for crimes reported earlier; "
                            + "each is kept against its police.uk Crime ID, exported with its month, and linked to its crime "
                            + "when a street file with that crime is imported.")),
            .h2("Recent imports"),
            .if(model.recent.isEmpty, .p("None yet.")),
            .if(
                !model.recent.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("File"), .th("Kind"), .th("Imported"), .th("By"), .th("Rows"), .th("Crimes"),
                                .th("Incidents"), .th("Outcomes"), .th("Of crimes not held"),
                                .th("Held outcomes linked"), .th("Rejected"))),
                        .tbody(
                            .forEach(model.recent) { b in
                                .tr(
                                    CrimeParts.cell("File", .text(b.fileName)), CrimeParts.cell("Kind", .text(b.kind)),
                                    CrimeParts.cell("Imported", .text(CrimeParts.dateTime.string(from: b.importedAt))),
                                    CrimeParts.cell("By", .text(b.importedBy)),
                                    CrimeParts.cell("Rows", .text(String(b.rows))),
                                    CrimeParts.cell("Crimes", .text(String(b.crimes))),
                                    CrimeParts.cell("Incidents", .text(String(b.incidents))),
                                    CrimeParts.cell("Outcomes", .text(String(b.outcomes))),
                                    CrimeParts.cell("Of crimes not held", .text(String(b.outcomesHeld))),
                                    CrimeParts.cell("Held outcomes linked", .text(String(b.outcomesLinked))),
                                    CrimeParts.cell("Rejected", .text(String(b.rejected))))
                            })
                    )))
        )
    }
}

import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Plot

extension HomePage {
    /// An inspection finding the signed-in person owns that is due within 14 days or overdue.
    struct FindingReminderItem: Hashable {
        var findingID: Int
        var reference: String
        var kind: FindingKind
        var text: String
        var reminder: FindingReminder
    }

    /// The reminders for findings the user owns (overdue first).
    static func findingReminders(userID: Int, on database: any Database, now: Date) async throws
        -> [FindingReminderItem]
    {
        try await InspectionService(database: database, now: now).reminders(ownerUserID: userID).map { item in
            FindingReminderItem(
                findingID: item.finding.id, reference: item.finding.finding.id, kind: item.finding.finding.kind,
                text: item.finding.finding.text, reminder: item.reminder)
        }
    }

    /// "Your inspection findings": shown only when there is something due.
    static func findingRemindersSection(_ items: [FindingReminderItem]) -> PageContent {
        .if(
            !items.isEmpty,
            .section(
                .class("card reminders"), .ariaLabel("Your inspection findings"),
                .h2("Your inspection findings"),
                .ul(
                    .forEach(items) { item in
                        .li(
                            InspectionPart.reminderBadge(item.reminder), .text(" "),
                            .a(.href(Paths.finding(item.findingID)), .text("\(item.kind.label) \(item.reference)")),
                            .text(": \(InspectionPart.excerpt(item.text, limit: 120))"))
                    }),
                .p(.a(.href(Paths.findings(ownedByMe: true, openOnly: true)), "All findings you own"))
            ))
    }
}

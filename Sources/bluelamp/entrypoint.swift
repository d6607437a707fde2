import BluelampApp
import Foundation

@main
enum Entrypoint {
    static func main() async {
        bootstrapLogging(level: ProcessInfo.processInfo.environment["BLUELAMP_LOG_LEVEL"] ?? "info")
        let status = await BluelampCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}

import Foundation
import VitniKit

extension Demo {
    /// `./samples` in a checkout; otherwise the samples `make install` put beside the binary
    /// (`PREFIX/share/vitni/samples`), so an installed `vitni demo` runs from any directory.
    public static func defaultSamples() -> String {
        if FileManager.default.fileExists(atPath: "samples/interview.flac") { return "samples" }
        guard let executable = ProtocolLibrary.runningExecutablePath() else { return "samples" }
        let installed = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("share/vitni/samples").path
        return FileManager.default.fileExists(atPath: installed + "/interview.flac") ? installed : "samples"
    }
}

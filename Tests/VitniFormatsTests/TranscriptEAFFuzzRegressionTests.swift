import Foundation
import Testing
import VitniFormats

/// Inputs the EAF fuzzer (Fuzz/, fuzz-eaf) found crashing or hanging, each read as it was found.
@Suite struct TranscriptEAFFuzzRegressionTests {
    private func rejection(base64: String) -> TranscriptError? {
        let bytes = [UInt8](Data(base64Encoded: base64)!)
        return TranscriptSamples.error { () throws(TranscriptError) in try EAF.parse(bytes: bytes) }
    }

    /// `<?xmB-7t?>`: a processing instruction without data. libxml2 hands XMLParser a NULL data
    /// pointer, which swift-corelibs-foundation passes to strlen (SIGSEGV). EAF has no use for
    /// processing instructions, so they are refused before libxml2 runs.
    @Test func aProcessingInstructionWithoutDataIsRefusedNotACrash() {
        let error = rejection(
            base64:
                "PD94bUItN3Q/Pgo9PFFOTk9UQVRJT05fRE9PUj0iVVRCLTd0Pz4KPTxRTk5PVEFUSU9OX0RPT1JERVJUICA+MDE6MDA9IEZPUk1BVD0iMy4wIiBWRVJTSU9OPSIzLjAiPgogIDxIRUFESU1FX1VOSVRTPSJtaWxsRT4KICAgICAgPC9BTElHTkFCPD94bWwgdmVyc0xFX0FOTmlPbw=="
        )
        #expect(error?.line == 1, "\(String(describing: error))")
        #expect(error?.reason.contains("processing instructions") == true, "\(String(describing: error))")
    }
}

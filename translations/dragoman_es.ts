<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>dragoman::gui::GuiSession</name>
    <message>
        <source>a session is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History is not being saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CaptionOverlay</name>
    <message>
        <source>Dragoman captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::EngineTableModel</name>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages or reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryModel</name>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryView</name>
    <message>
        <source>Search what was said or its translation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;timings in the profiler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History status</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>session %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the session?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session, its text and its telemetry will be removed from the history for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryWorker</name>
    <message>
        <source>the history is off (storage.enabled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no history yet: %1 is made by the first session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session %1 is not in the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown export format %1 or side %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LatencyChart</name>
    <message>
        <source>Latency over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency per segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>position in the input (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency chart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input level (dBFS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dBFS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MainWindow</name>
    <message>
        <source>Dragoman</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profiler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Engines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved to %1; the next session uses them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate an &amp;audio file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption &amp;overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reading mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loaded %1 (%2%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unloaded %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment %1: %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio devices could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neural engines available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running on the offline tier (pocketsphinx, apertium, espeak-ng): download a model for better quality (dragoman models download).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History: NOT saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every session is kept in the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping: finishing what was heard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session ended with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate an audio file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message>
        <source>Memory over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the last:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time shown on the memory chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Memory events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System RAM used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process RSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model loaded/unloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 allocated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 reserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No memory alerts or model changes in view.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message>
        <source>No session has run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the profile as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency per stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue depths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s of audio in %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compute/real time %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keeps up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>falls behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak memory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recognition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (most %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting in the queues: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No profile to export: run a session first (profiling.enabled must be on).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: give the file a .json, .csv, .txt or .trace.json name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SegmentTimeline</name>
    <message>
        <source>Segment timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per segment: capture, recognition, translation and synthesis bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recognition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No segment yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionPanel</name>
    <message>
        <source>Detect automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the translation is spoken; the virtual microphone lets call apps hear it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap the languages (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech recognition engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech recognition model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech synthesis engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or stop the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start translating (F5); press again to stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push-to-talk mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only listen while the Talk button is held down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk (hold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold to be heard (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual microphone (for calls)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t speak (captions only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SettingsPage</name>
    <message>
        <source>Settings sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a path (empty: the default place)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by %1 for this run; the saved value applies when it is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No configuration file to save to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed; Save writes %1 (new sessions use it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::StageTableModel</name>
    <message>
        <source>Recognition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech synthesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole segment (capture to speech)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stage has run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck: %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptModel</name>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still being heard: this text may change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognition confidence: %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of this audio was muted while Dragoman was speaking (echo gate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recogniser repeated itself here; the repetition was cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisional: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptView</name>
    <message>
        <source>&amp;Reading mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only committed text, not the words still being heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show each translation under what was heard instead of beside it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows, or the whole transcript, to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to the latest text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>dragoman::gui::GuiSession</name>
    <message>
        <source>a session is already running</source>
        <translation>es läuft bereits eine Sitzung</translation>
    </message>
    <message>
        <source>History is not being saved: %1</source>
        <translation>Der Verlauf wird nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>a session is running: stop it before starting a call</source>
        <translation>es läuft eine Sitzung: beenden Sie sie, bevor Sie einen Anruf starten</translation>
    </message>
    <message>
        <source>a call is already running</source>
        <translation>es läuft bereits ein Anruf</translation>
    </message>
    <message>
        <source>a call is running: end it before starting a session</source>
        <translation>es läuft ein Anruf: beenden Sie ihn, bevor Sie eine Sitzung starten</translation>
    </message>
    <message>
        <source>the voice said nothing for the sample sentence</source>
        <translation>die Stimme hat den Beispielsatz nicht gesprochen</translation>
    </message>
    <message>
        <source>output device %1: %2</source>
        <translation>Ausgabegerät %1: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CallPage</name>
    <message>
        <source>Call</source>
        <translation>Anruf</translation>
    </message>
    <message>
        <source>My language</source>
        <translation>Meine Sprache</translation>
    </message>
    <message>
        <source>Their language</source>
        <translation>Sprache des Gegenübers</translation>
    </message>
    <message>
        <source>with</source>
        <translation>mit</translation>
    </message>
    <message>
        <source>I speak:</source>
        <translation>Ich spreche:</translation>
    </message>
    <message>
        <source>My microphone</source>
        <translation>Mein Mikrofon</translation>
    </message>
    <message>
        <source>My mic&amp;rophone:</source>
        <translation>Mein Mi&amp;krofon:</translation>
    </message>
    <message>
        <source>The call&apos;s audio</source>
        <translation>Ton des Anrufs</translation>
    </message>
    <message>
        <source>Where the other side&apos;s voice comes from: the call app&apos;s output, e.g. pulse:SINK.monitor for the speakers it plays on</source>
        <translation>Woher die Stimme des Gegenübers kommt: die Ausgabe der Anruf-App, z. B. pulse:SINK.monitor für die Lautsprecher, auf denen sie wiedergibt</translation>
    </message>
    <message>
        <source>The call&apos;s &amp;audio:</source>
        <translation>Ton des A&amp;nrufs:</translation>
    </message>
    <message>
        <source>Into the call</source>
        <translation>In den Anruf</translation>
    </message>
    <message>
        <source>Where my translated speech goes: the microphone the call app records</source>
        <translation>Wohin meine übersetzte Sprache geht: das Mikrofon, das die Anruf-App aufnimmt</translation>
    </message>
    <message>
        <source>Set up virtual microphone</source>
        <translation>Virtuelles Mikrofon einrichten</translation>
    </message>
    <message>
        <source>Creates &quot;dragoman_mic&quot;: pick it as the microphone in the call app</source>
        <translation>Erstellt „dragoman_mic“: Wählen Sie es in der Anruf-App als Mikrofon</translation>
    </message>
    <message>
        <source>Into the ca&amp;ll:</source>
        <translation>&amp;In den Anruf:</translation>
    </message>
    <message>
        <source>Speak their words to me on</source>
        <translation>Worte des Gegenübers für mich ausgeben auf</translation>
    </message>
    <message>
        <source>My headphones</source>
        <translation>Meine Kopfhörer</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>Anruf starten</translation>
    </message>
    <message>
        <source>Setting up the virtual microphone…</source>
        <translation>Virtuelles Mikrofon wird eingerichtet…</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stummschalten</translation>
    </message>
    <message>
        <source>Nothing I say goes into the call while muted</source>
        <translation>Während der Stummschaltung gelangt nichts, was ich sage, in den Anruf</translation>
    </message>
    <message>
        <source>The call&apos;s audio is not translated while muted</source>
        <translation>Während der Stummschaltung wird der Ton des Anrufs nicht übersetzt</translation>
    </message>
    <message>
        <source>My microphone&apos;s level</source>
        <translation>Pegel meines Mikrofons</translation>
    </message>
    <message>
        <source>The call&apos;s level</source>
        <translation>Pegel des Anrufs</translation>
    </message>
    <message>
        <source>In the call: %1</source>
        <translation>Im Anruf: %1</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>Beendet.</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Beendet: %1</translation>
    </message>
    <message>
        <source>The virtual microphone could not be set up: %1</source>
        <translation>Das virtuelle Mikrofon konnte nicht eingerichtet werden: %1</translation>
    </message>
    <message>
        <source>Virtual microphone ready: in the call app, pick &quot;%1&quot; as the microphone.</source>
        <translation>Virtuelles Mikrofon bereit: Wählen Sie in der Anruf-App „%1“ als Mikrofon.</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Standardmikrofon</translation>
    </message>
    <message>
        <source>Dragoman virtual microphone</source>
        <translation>Virtuelles Dragoman-Mikrofon</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Standardlautsprecher</translation>
    </message>
    <message>
        <source>Me: %1 → %2</source>
        <translation>Ich: %1 → %2</translation>
    </message>
    <message>
        <source>Them: %1 → %2</source>
        <translation>Gegenüber: %1 → %2</translation>
    </message>
    <message>
        <source>The call could not start: %1</source>
        <translation>Der Anruf konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Starting the call…</source>
        <translation>Anruf wird gestartet…</translation>
    </message>
    <message>
        <source>Ending the call…</source>
        <translation>Anruf wird beendet…</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Anruf beenden</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>Der Anruf wurde beendet.</translation>
    </message>
    <message>
        <source>The call ended: %1</source>
        <translation>Der Anruf wurde beendet: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CaptionOverlay</name>
    <message>
        <source>Dragoman captions</source>
        <translation>Dragoman-Untertitel</translation>
    </message>
    <message>
        <source>Caption overlay</source>
        <translation>Untertitel-Overlay</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Untertitel</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Text vergrößern</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Text verkleinern</translation>
    </message>
    <message>
        <source>Show what was heard</source>
        <translation>Gehörtes anzeigen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::EngineTableModel</name>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Languages or reason</source>
        <translation>Sprachen oder Grund</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryModel</name>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryView</name>
    <message>
        <source>Search what was said or its translation…</source>
        <translation>Gesagtes oder Übersetzung durchsuchen…</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Past sessions</source>
        <translation>Frühere Sitzungen</translation>
    </message>
    <message>
        <source>The session&apos;s text</source>
        <translation>Text der Sitzung</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>Exportformat</translation>
    </message>
    <message>
        <source>Text to export</source>
        <translation>Zu exportierender Text</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>Gesagtes</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Beides</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Show &amp;timings in the profiler</source>
        <translation>&amp;Zeiten im Profiler anzeigen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>Exportieren als</translation>
    </message>
    <message>
        <source>History status</source>
        <translation>Verlaufsstatus</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n segment(s)</source>
        <translation>
            <numerusform>„%1“: %n Abschnitt</numerusform>
            <numerusform>„%1“: %n Abschnitte</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1 (%2)</source>
        <translation>Sitzung %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation>
            <numerusform>Sitzung %1: %n Abschnitt</numerusform>
            <numerusform>Sitzung %1: %n Abschnitte</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Gelöscht.</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>Geschrieben nach %1</translation>
    </message>
    <message>
        <source>Delete the session?</source>
        <translation>Sitzung löschen?</translation>
    </message>
    <message>
        <source>The session, its text and its telemetry will be removed from the history for good.</source>
        <translation>Die Sitzung, ihr Text und ihre Telemetriedaten werden endgültig aus dem Verlauf entfernt.</translation>
    </message>
    <message>
        <source>Export the session</source>
        <translation>Sitzung exportieren</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryWorker</name>
    <message>
        <source>the history is off (storage.enabled)</source>
        <translation>der Verlauf ist ausgeschaltet (storage.enabled)</translation>
    </message>
    <message>
        <source>no history yet: %1 is made by the first session</source>
        <translation>noch kein Verlauf: %1 wird von der ersten Sitzung angelegt</translation>
    </message>
    <message>
        <source>session %1 is not in the history</source>
        <translation>Sitzung %1 ist nicht im Verlauf</translation>
    </message>
    <message>
        <source>unknown export format %1 or side %2</source>
        <translation>unbekanntes Exportformat %1 oder unbekannte Seite %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LatencyChart</name>
    <message>
        <source>Latency over time</source>
        <translation>Latenz im Zeitverlauf</translation>
    </message>
    <message>
        <source>Latency per segment</source>
        <translation>Latenz pro Abschnitt</translation>
    </message>
    <message>
        <source>position in the input (s)</source>
        <translation>Position in der Eingabe (s)</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>Sprachausgabe</translation>
    </message>
    <message>
        <source>Whole segment</source>
        <translation>Ganzer Abschnitt</translation>
    </message>
    <message>
        <source>Latency chart</source>
        <translation>Latenzdiagramm</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation>Eingangspegel</translation>
    </message>
    <message>
        <source>Input level (dBFS)</source>
        <translation>Eingangspegel (dBFS)</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>still</translation>
    </message>
    <message>
        <source>%1 dBFS</source>
        <translation>%1 dBFS</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MainWindow</name>
    <message>
        <source>Dragoman</source>
        <translation>Dragoman</translation>
    </message>
    <message>
        <source>Engine tier</source>
        <translation>Engine-Stufe</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation>&amp;Transkript</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>Spei&amp;cher</translation>
    </message>
    <message>
        <source>&amp;Profiler</source>
        <translation>&amp;Profiler</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>Engines</translation>
    </message>
    <message>
        <source>&amp;Engines</source>
        <translation>&amp;Engines</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>Einste&amp;llungen</translation>
    </message>
    <message>
        <source>Settings saved to %1; the next session uses them.</source>
        <translation>Einstellungen in %1 gespeichert; die nächste Sitzung verwendet sie.</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>Einstellungen nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Translate an &amp;audio file…</source>
        <translation>&amp;Audiodatei übersetzen…</translation>
    </message>
    <message>
        <source>&amp;Copy transcript</source>
        <translation>Transkript &amp;kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Caption &amp;overlay</source>
        <translation>Untertitel-&amp;Overlay</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Reading mode</source>
        <translation>&amp;Lesemodus</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Text &amp;vergrößern</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Text ver&amp;kleinern</translation>
    </message>
    <message>
        <source>loaded %1 (%2%3)</source>
        <translation>%1 geladen (%2%3)</translation>
    </message>
    <message>
        <source>unloaded %1 (%2)</source>
        <translation>%1 entladen (%2)</translation>
    </message>
    <message>
        <source>Segment %1: %2 failed: %3</source>
        <translation>Abschnitt %1: %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Audio devices could not be listed: %1</source>
        <translation>Audiogeräte konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Neural engines available.</source>
        <translation>Neuronale Engines verfügbar.</translation>
    </message>
    <message>
        <source>Running on the offline tier (pocketsphinx, apertium, espeak-ng): download a model for better quality (dragoman models download).</source>
        <translation>Läuft auf der Offline-Stufe (pocketsphinx, apertium, espeak-ng): Laden Sie für bessere Qualität ein Modell herunter (dragoman models download).</translation>
    </message>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation>
            <numerusform>%n Engine verfügbar</numerusform>
            <numerusform>%n Engines verfügbar</numerusform>
        </translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation>Verlauf: gespeichert</translation>
    </message>
    <message>
        <source>History: NOT saved</source>
        <translation>Verlauf: NICHT gespeichert</translation>
    </message>
    <message>
        <source>Every session is kept in the history</source>
        <translation>Jede Sitzung wird im Verlauf aufbewahrt</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Start fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopping: finishing what was heard…</source>
        <translation>Wird beendet: Bereits Gehörtes wird fertig verarbeitet…</translation>
    </message>
    <message>
        <source>The session ended with an error: %1</source>
        <translation>Die Sitzung wurde mit einem Fehler beendet: %1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation>
            <numerusform>Abgebrochen nach %n Abschnitt</numerusform>
            <numerusform>Abgebrochen nach %n Abschnitten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation>
            <numerusform>Fertig: %n Abschnitt</numerusform>
            <numerusform>Fertig: %n Abschnitte</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Translate an audio file</source>
        <translation>Audiodatei übersetzen</translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.ogg *.opus *.mp3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <source>The interface will be in %1 from the next start.</source>
        <translation>Die Oberfläche ist ab dem nächsten Start auf %1.</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Design</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>&amp;System folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Dragoman</source>
        <translation>Ü&amp;ber Dragoman</translation>
    </message>
    <message>
        <source>Dragoman %1: live speech translation on your own computer. GPL-3.0-or-later.</source>
        <translation>Dragoman %1: Live-Sprachübersetzung auf Ihrem eigenen Computer. GPL-3.0-or-later.</translation>
    </message>
    <message>
        <source>M&amp;odels</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>Engines in use</source>
        <translation>Verwendete Engines</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Show engines</source>
        <translation>Engines anzeigen</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Erneut starten</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>Anru&amp;f</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>Im Anruf</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>Anruf: %1</translation>
    </message>
    <message>
        <source>My side of the call ended: %1</source>
        <translation>Meine Seite des Anrufs wurde beendet: %1</translation>
    </message>
    <message>
        <source>Their side of the call ended: %1</source>
        <translation>Die Seite des Gegenübers wurde beendet: %1</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Anruf beenden</translation>
    </message>
    <message>
        <source>The voice could not be previewed: %1</source>
        <translation>Die Stimme konnte nicht probegehört werden: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message>
        <source>Memory over time</source>
        <translation>Speicher im Zeitverlauf</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Memory chart</source>
        <translation>Speicherdiagramm</translation>
    </message>
    <message>
        <source>Show the last:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Time shown on the memory chart</source>
        <translation>Im Speicherdiagramm gezeigter Zeitraum</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory events</source>
        <translation>Speicherereignisse</translation>
    </message>
    <message>
        <source>System RAM used</source>
        <translation>Belegter System-RAM</translation>
    </message>
    <message>
        <source>Process RSS</source>
        <translation>Prozess-RSS</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Model loaded/unloaded</source>
        <translation>Modell geladen/entladen</translation>
    </message>
    <message>
        <source>GPU %1 allocated</source>
        <translation>GPU %1 belegt</translation>
    </message>
    <message>
        <source>GPU %1 reserved</source>
        <translation>GPU %1 reserviert</translation>
    </message>
    <message>
        <source>limit: %1</source>
        <translation>Grenze: %1</translation>
    </message>
    <message>
        <source>No memory alerts or model changes in view.</source>
        <translation>Keine Speicherwarnungen oder Modelländerungen im sichtbaren Bereich.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsModel</name>
    <message numerus="yes">
        <source>%n language(s)</source>
        <translation>
            <numerusform>%n Sprache</numerusform>
            <numerusform>%n Sprachen</numerusform>
        </translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>wird heruntergeladen</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1% (%2 von %3)</translation>
    </message>
    <message>
        <source>listing files…</source>
        <translation>Dateien werden aufgelistet…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsPage</name>
    <message>
        <source>Neural models from Hugging Face. Downloads resume where they stopped; without a model Dragoman uses the offline engines.</source>
        <translation>Neuronale Modelle von Hugging Face. Downloads werden dort fortgesetzt, wo sie unterbrochen wurden; ohne Modell verwendet Dragoman die Offline-Engines.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel download</source>
        <translation>Download a&amp;bbrechen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Model manager status</source>
        <translation>Status der Modellverwaltung</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installiert</translation>
    </message>
    <message>
        <source>cancelled; Download resumes it</source>
        <translation>abgebrochen; Herunterladen setzt den Download fort</translation>
    </message>
    <message>
        <source>%1 is installed.</source>
        <translation>%1 ist installiert.</translation>
    </message>
    <message>
        <source>%1: download cancelled.</source>
        <translation>%1: Download abgebrochen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 removed.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>Models are kept in %1</source>
        <translation>Modelle werden in %1 gespeichert</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsWorker</name>
    <message>
        <source>%1 is being downloaded; cancel it first</source>
        <translation>%1 wird gerade heruntergeladen; brechen Sie den Download zuerst ab</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message>
        <source>No session has run yet.</source>
        <translation>Es wurde noch keine Sitzung ausgeführt.</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Zusammenfassung des Laufs</translation>
    </message>
    <message>
        <source>Export the profile:</source>
        <translation>Profil exportieren:</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Text table</source>
        <translation>Texttabelle</translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)</source>
        <translation>Chrome-Trace (Perfetto)</translation>
    </message>
    <message>
        <source>Export the profile as %1</source>
        <translation>Profil als %1 exportieren</translation>
    </message>
    <message>
        <source>Latency per stage</source>
        <translation>Latenz pro Stufe</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Engpass</translation>
    </message>
    <message>
        <source>Queue depths</source>
        <translation>Warteschlangenlängen</translation>
    </message>
    <message>
        <source>Profile written to %1</source>
        <translation>Profil geschrieben nach %1</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n Abschnitt</numerusform>
            <numerusform>%n Abschnitte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s of audio in %2 s</source>
        <translation>%1 s Audio in %2 s</translation>
    </message>
    <message>
        <source>compute/real time %1 (%2)</source>
        <translation>Rechenzeit/Echtzeit %1 (%2)</translation>
    </message>
    <message>
        <source>keeps up</source>
        <translation>hält Schritt</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>knapp</translation>
    </message>
    <message>
        <source>falls behind</source>
        <translation>fällt zurück</translation>
    </message>
    <message>
        <source>peak memory %1</source>
        <translation>Spitzenspeicher %1</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>Sprachausgabe</translation>
    </message>
    <message>
        <source>%1 %2 (most %3)</source>
        <translation>%1 %2 (max. %3)</translation>
    </message>
    <message>
        <source>Waiting in the queues: %1</source>
        <translation>In den Warteschlangen: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation>
            <numerusform>%1: %n Abschnitt aus dem Verlauf</numerusform>
            <numerusform>%1: %n Abschnitte aus dem Verlauf</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the profile</source>
        <translation>Profil exportieren</translation>
    </message>
    <message>
        <source>No profile to export: run a session first (profiling.enabled must be on).</source>
        <translation>Kein Profil zum Exportieren: Starten Sie zuerst eine Sitzung (profiling.enabled muss eingeschaltet sein).</translation>
    </message>
    <message>
        <source>%1: give the file a .json, .csv, .txt or .trace.json name</source>
        <translation>%1: Geben Sie der Datei die Endung .json, .csv, .txt oder .trace.json</translation>
    </message>
    <message>
        <source>Comparison with earlier runs</source>
        <translation>Vergleich mit früheren Läufen</translation>
    </message>
    <message>
        <source>No earlier runs in the history to compare with.</source>
        <translation>Keine früheren Läufe im Verlauf zum Vergleichen.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4</source>
        <translation>
            <numerusform>%1: %n Segment, Rechenzeit/Echtzeit %2, Erkennung p50 %3, Übersetzung p50 %4</numerusform>
            <numerusform>%1: %n Segmente, Rechenzeit/Echtzeit %2, Erkennung p50 %3, Übersetzung p50 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Since the run before: nothing moved by 20% or more.</source>
        <translation>Seit dem vorherigen Lauf: keine Änderung um 20 % oder mehr.</translation>
    </message>
    <message>
        <source>Since the run before: %1</source>
        <translation>Seit dem vorherigen Lauf: %1</translation>
    </message>
    <message>
        <source>Engines changed: %1</source>
        <translation>Geänderte Engines: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SegmentTimeline</name>
    <message>
        <source>Segment timeline</source>
        <translation>Abschnitt-Zeitleiste</translation>
    </message>
    <message>
        <source>One row per segment: capture, recognition, translation and synthesis bars</source>
        <translation>Eine Zeile pro Abschnitt: Balken für Aufnahme, Erkennung, Übersetzung und Sprachausgabe</translation>
    </message>
    <message>
        <source>capture</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>Sprachausgabe</translation>
    </message>
    <message>
        <source>playback</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>No segment yet.</source>
        <translation>Noch kein Abschnitt.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionControl</name>
    <message>
        <source>voice previews are not available here</source>
        <translation>Stimmproben sind hier nicht verfügbar</translation>
    </message>
    <message>
        <source>calls are not available here</source>
        <translation>Anrufe sind hier nicht verfügbar</translation>
    </message>
    <message>
        <source>no virtual microphone here</source>
        <translation>hier gibt es kein virtuelles Mikrofon</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionPanel</name>
    <message>
        <source>Detect automatically</source>
        <translation>Automatisch erkennen</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Eingabegerät</translation>
    </message>
    <message>
        <source>Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file</source>
        <translation>Woher die Sprache kommt: ein Mikrofon, der Ton eines Anrufs (ein Monitor) oder eine Audiodatei</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>Ausgabegerät</translation>
    </message>
    <message>
        <source>Where the translation is spoken; the virtual microphone lets call apps hear it</source>
        <translation>Wo die Übersetzung gesprochen wird; über das virtuelle Mikrofon hören Anruf-Apps sie</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>E&amp;ingabe:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>A&amp;usgabe:</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>Ausgangssprache</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>Zielsprache</translation>
    </message>
    <message>
        <source>Swap the languages (Ctrl+Shift+S)</source>
        <translation>Sprachen tauschen (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>Sprachen tauschen</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>V&amp;on:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <source>Speech recognition engine</source>
        <translation>Spracherkennungs-Engine</translation>
    </message>
    <message>
        <source>model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Speech recognition model</source>
        <translation>Spracherkennungsmodell</translation>
    </message>
    <message>
        <source>Translation engine</source>
        <translation>Übersetzungs-Engine</translation>
    </message>
    <message>
        <source>Translation model</source>
        <translation>Übersetzungsmodell</translation>
    </message>
    <message>
        <source>Speech synthesis engine</source>
        <translation>Sprachsynthese-Engine</translation>
    </message>
    <message>
        <source>Recognition:</source>
        <translation>Erkennung:</translation>
    </message>
    <message>
        <source>Translation:</source>
        <translation>Übersetzung:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start or stop the session</source>
        <translation>Sitzung starten oder stoppen</translation>
    </message>
    <message>
        <source>Start translating (F5); press again to stop</source>
        <translation>Übersetzung starten (F5); zum Stoppen erneut drücken</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>Sp&amp;rechtaste</translation>
    </message>
    <message>
        <source>Push-to-talk mode</source>
        <translation>Sprechtasten-Modus</translation>
    </message>
    <message>
        <source>Only listen while the Talk button is held down</source>
        <translation>Nur zuhören, solange die Sprechen-Schaltfläche gedrückt gehalten wird</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Sprechen</translation>
    </message>
    <message>
        <source>Talk (hold)</source>
        <translation>Sprechen (halten)</translation>
    </message>
    <message>
        <source>Hold to be heard (F6)</source>
        <translation>Gedrückt halten, um gehört zu werden (F6)</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Standardmikrofon</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Standardlautsprecher</translation>
    </message>
    <message>
        <source>Virtual microphone (for calls)</source>
        <translation>Virtuelles Mikrofon (für Anrufe)</translation>
    </message>
    <message>
        <source>Don&apos;t speak (captions only)</source>
        <translation>Nicht sprechen (nur Untertitel)</translation>
    </message>
    <message>
        <source>Audio file…</source>
        <translation>Audiodatei…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1 (nicht verfügbar)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>Speech:</source>
        <translation>Sprachausgabe:</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Stimme</translation>
    </message>
    <message>
        <source>The voice that speaks the translation; Automatic picks the best installed one</source>
        <translation>Die Stimme, die die Übersetzung spricht; Automatisch wählt die beste installierte</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>Pro&amp;behören</translation>
    </message>
    <message>
        <source>Preview the voice</source>
        <translation>Stimme probehören</translation>
    </message>
    <message>
        <source>Speak a short sample with this voice</source>
        <translation>Ein kurzes Beispiel mit dieser Stimme sprechen</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <source>Playing…</source>
        <translation>Wird abgespielt…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SettingsPage</name>
    <message>
        <source>Settings sections</source>
        <translation>Einstellungsbereiche</translation>
    </message>
    <message>
        <source>a path (empty: the default place)</source>
        <translation>ein Pfad (leer: Standardort)</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Zulässig</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>Einstellungsstatus</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>Stan&amp;dardwerte wiederherstellen</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Ver&amp;werfen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Set by %1 for this run; the saved value applies when it is not.</source>
        <translation>Für diesen Lauf durch %1 gesetzt; sonst gilt der gespeicherte Wert.</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>die Befehlszeile</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>No configuration file to save to.</source>
        <translation>Keine Konfigurationsdatei zum Speichern vorhanden.</translation>
    </message>
    <message>
        <source>Changed; Save writes %1 (new sessions use it).</source>
        <translation>Geändert; Speichern schreibt %1 (gilt für neue Sitzungen).</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>No configuration file yet: Save writes %1.</source>
        <translation>Noch keine Konfigurationsdatei: Speichern schreibt %1.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::StageTableModel</name>
    <message>
        <source>Recognition</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>Speech synthesis</source>
        <translation>Sprachausgabe</translation>
    </message>
    <message>
        <source>Whole segment (capture to speech)</source>
        <translation>Ganzer Abschnitt (Aufnahme bis Sprachausgabe)</translation>
    </message>
    <message>
        <source>No stage has run yet.</source>
        <translation>Es wurde noch keine Stufe ausgeführt.</translation>
    </message>
    <message>
        <source>Bottleneck: %1. %2</source>
        <translation>Engpass: %1. %2</translation>
    </message>
    <message>
        <source>Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.</source>
        <translation>Engpass: %1, zu %2% der Zeit ausgelastet (p95 %3 ms). Er begrenzt, wie schnell Abschnitte fertig werden.</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>p50 (ms)</source>
        <translation>p50 (ms)</translation>
    </message>
    <message>
        <source>p95 (ms)</source>
        <translation>p95 (ms)</translation>
    </message>
    <message>
        <source>p99 (ms)</source>
        <translation>p99 (ms)</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Auslastung</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptModel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>Still being heard: this text may change.</source>
        <translation>Wird noch erkannt: Dieser Text kann sich noch ändern.</translation>
    </message>
    <message>
        <source>Recognition confidence: %1%</source>
        <translation>Erkennungssicherheit: %1%</translation>
    </message>
    <message>
        <source>Part of this audio was muted while Dragoman was speaking (echo gate).</source>
        <translation>Ein Teil dieses Audios wurde stummgeschaltet, während Dragoman sprach (Echosperre).</translation>
    </message>
    <message>
        <source>The recogniser repeated itself here; the repetition was cut.</source>
        <translation>Die Erkennung hat sich hier wiederholt; die Wiederholung wurde entfernt.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation>(fehlgeschlagen: %1)</translation>
    </message>
    <message>
        <source>Provisional: %1</source>
        <translation>Vorläufig: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>Gehört</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <source>Provisional translation: %1</source>
        <translation>Vorläufige Übersetzung: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptView</name>
    <message>
        <source>&amp;Reading mode</source>
        <translation>&amp;Lesemodus</translation>
    </message>
    <message>
        <source>Show only committed text, not the words still being heard</source>
        <translation>Nur feststehenden Text zeigen, nicht die Wörter, die noch erkannt werden</translation>
    </message>
    <message>
        <source>Reading mode</source>
        <translation>Lesemodus</translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation>Untereinander</translation>
    </message>
    <message>
        <source>Show each translation under what was heard instead of beside it</source>
        <translation>Jede Übersetzung unter dem Gehörten statt daneben anzeigen</translation>
    </message>
    <message>
        <source>Stacked layout</source>
        <translation>Untereinander-Layout</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>Textgröße:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Transcript text size</source>
        <translation>Textgröße des Transkripts</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected rows, or the whole transcript, to the clipboard</source>
        <translation>Ausgewählte Zeilen oder das ganze Transkript in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy transcript</source>
        <translation>Transkript kopieren</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Zum Neuesten springen</translation>
    </message>
    <message>
        <source>Jump to the latest text</source>
        <translation>Zum neuesten Text springen</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transkript</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
</TS>

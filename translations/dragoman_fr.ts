<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>dragoman::gui::GuiSession</name>
    <message>
        <source>a session is already running</source>
        <translation>une session est déjà en cours</translation>
    </message>
    <message>
        <source>History is not being saved: %1</source>
        <translation>L&apos;historique n&apos;est pas enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>a session is running: stop it before starting a call</source>
        <translation>une session est en cours&#xa0;: arrêtez-la avant de démarrer un appel</translation>
    </message>
    <message>
        <source>a call is already running</source>
        <translation>un appel est déjà en cours</translation>
    </message>
    <message>
        <source>a call is running: end it before starting a session</source>
        <translation>un appel est en cours&#xa0;: terminez-le avant de démarrer une session</translation>
    </message>
    <message>
        <source>the voice said nothing for the sample sentence</source>
        <translation>la voix n&apos;a rien prononcé pour la phrase d&apos;exemple</translation>
    </message>
    <message>
        <source>output device %1: %2</source>
        <translation>périphérique de sortie %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CallPage</name>
    <message>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>My language</source>
        <translation>Ma langue</translation>
    </message>
    <message>
        <source>Their language</source>
        <translation>Langue de l&apos;interlocuteur</translation>
    </message>
    <message>
        <source>with</source>
        <translation>avec</translation>
    </message>
    <message>
        <source>I speak:</source>
        <translation>Je parle&#xa0;:</translation>
    </message>
    <message>
        <source>My microphone</source>
        <translation>Mon microphone</translation>
    </message>
    <message>
        <source>My mic&amp;rophone:</source>
        <translation>Mon mi&amp;crophone&#xa0;:</translation>
    </message>
    <message>
        <source>The call&apos;s audio</source>
        <translation>Audio de l&apos;appel</translation>
    </message>
    <message>
        <source>Where the other side&apos;s voice comes from: the call app&apos;s output, e.g. pulse:SINK.monitor for the speakers it plays on</source>
        <translation>Provenance de la voix de l&apos;interlocuteur&#xa0;: la sortie de l&apos;application d&apos;appel, p. ex. pulse:SINK.monitor pour les haut-parleurs sur lesquels elle joue</translation>
    </message>
    <message>
        <source>The call&apos;s &amp;audio:</source>
        <translation>Aud&amp;io de l&apos;appel&#xa0;:</translation>
    </message>
    <message>
        <source>Into the call</source>
        <translation>Dans l&apos;appel</translation>
    </message>
    <message>
        <source>Where my translated speech goes: the microphone the call app records</source>
        <translation>Destination de ma parole traduite&#xa0;: le microphone qu&apos;enregistre l&apos;application d&apos;appel</translation>
    </message>
    <message>
        <source>Set up virtual microphone</source>
        <translation>Configurer le microphone virtuel</translation>
    </message>
    <message>
        <source>Creates &quot;dragoman_mic&quot;: pick it as the microphone in the call app</source>
        <translation>Crée «&#xa0;dragoman_mic&#xa0;»&#xa0;: choisissez-le comme microphone dans l&apos;application d&apos;appel</translation>
    </message>
    <message>
        <source>Into the ca&amp;ll:</source>
        <translation>Da&amp;ns l&apos;appel&#xa0;:</translation>
    </message>
    <message>
        <source>Speak their words to me on</source>
        <translation>Me dire les paroles de l&apos;interlocuteur sur</translation>
    </message>
    <message>
        <source>My headphones</source>
        <translation>Mon casque</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>Démarrer l&apos;appel</translation>
    </message>
    <message>
        <source>Setting up the virtual microphone…</source>
        <translation>Configuration du microphone virtuel…</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Couper le son</translation>
    </message>
    <message>
        <source>Nothing I say goes into the call while muted</source>
        <translation>Quand le son est coupé, rien de ce que je dis n&apos;est envoyé dans l&apos;appel</translation>
    </message>
    <message>
        <source>The call&apos;s audio is not translated while muted</source>
        <translation>Quand le son est coupé, l&apos;audio de l&apos;appel n&apos;est pas traduit</translation>
    </message>
    <message>
        <source>My microphone&apos;s level</source>
        <translation>Niveau de mon microphone</translation>
    </message>
    <message>
        <source>The call&apos;s level</source>
        <translation>Niveau de l&apos;appel</translation>
    </message>
    <message>
        <source>In the call: %1</source>
        <translation>En appel&#xa0;: %1</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Terminé&#xa0;: %1</translation>
    </message>
    <message>
        <source>The virtual microphone could not be set up: %1</source>
        <translation>Impossible de configurer le microphone virtuel&#xa0;: %1</translation>
    </message>
    <message>
        <source>Virtual microphone ready: in the call app, pick &quot;%1&quot; as the microphone.</source>
        <translation>Microphone virtuel prêt&#xa0;: dans l&apos;application d&apos;appel, choisissez «&#xa0;%1&#xa0;» comme microphone.</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Microphone par défaut</translation>
    </message>
    <message>
        <source>Dragoman virtual microphone</source>
        <translation>Microphone virtuel Dragoman</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Haut-parleurs par défaut</translation>
    </message>
    <message>
        <source>Me: %1 → %2</source>
        <translation>Moi&#xa0;: %1 → %2</translation>
    </message>
    <message>
        <source>Them: %1 → %2</source>
        <translation>Interlocuteur&#xa0;: %1 → %2</translation>
    </message>
    <message>
        <source>The call could not start: %1</source>
        <translation>Impossible de démarrer l&apos;appel&#xa0;: %1</translation>
    </message>
    <message>
        <source>Starting the call…</source>
        <translation>Démarrage de l&apos;appel…</translation>
    </message>
    <message>
        <source>Ending the call…</source>
        <translation>Fin de l&apos;appel…</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Terminer l&apos;appel</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>L&apos;appel est terminé.</translation>
    </message>
    <message>
        <source>The call ended: %1</source>
        <translation>L&apos;appel s&apos;est terminé&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CaptionOverlay</name>
    <message>
        <source>Dragoman captions</source>
        <translation>Sous-titres Dragoman</translation>
    </message>
    <message>
        <source>Caption overlay</source>
        <translation>Incrustation des sous-titres</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Sous-titres</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texte plus grand</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texte plus petit</translation>
    </message>
    <message>
        <source>Show what was heard</source>
        <translation>Afficher ce qui a été entendu</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::EngineTableModel</name>
    <message>
        <source>available</source>
        <translation>disponible</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>indisponible</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Languages or reason</source>
        <translation>Langues ou raison</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryModel</name>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Langues</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrée</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryView</name>
    <message>
        <source>Search what was said or its translation…</source>
        <translation>Rechercher ce qui a été dit ou sa traduction…</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Rechercher dans l&apos;historique</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Past sessions</source>
        <translation>Sessions passées</translation>
    </message>
    <message>
        <source>The session&apos;s text</source>
        <translation>Texte de la session</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>Format d&apos;export</translation>
    </message>
    <message>
        <source>Text to export</source>
        <translation>Texte à exporter</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traduction</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>Ce qui a été dit</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Les deux</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>Show &amp;timings in the profiler</source>
        <translation>Afficher les &amp;temps dans le profileur</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>Exporter en</translation>
    </message>
    <message>
        <source>History status</source>
        <translation>État de l&apos;historique</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n segment(s)</source>
        <translation>
            <numerusform>«&#xa0;%1&#xa0;»&#xa0;: %n segment</numerusform>
            <numerusform>«&#xa0;%1&#xa0;»&#xa0;: %n segments</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1 (%2)</source>
        <translation>session %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation>
            <numerusform>Session %1&#xa0;: %n segment</numerusform>
            <numerusform>Session %1&#xa0;: %n segments</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Supprimée.</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>Écrit dans %1</translation>
    </message>
    <message>
        <source>Delete the session?</source>
        <translation>Supprimer la session&#xa0;?</translation>
    </message>
    <message>
        <source>The session, its text and its telemetry will be removed from the history for good.</source>
        <translation>La session, son texte et sa télémétrie seront définitivement supprimés de l&apos;historique.</translation>
    </message>
    <message>
        <source>Export the session</source>
        <translation>Exporter la session</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryWorker</name>
    <message>
        <source>the history is off (storage.enabled)</source>
        <translation>l&apos;historique est désactivé (storage.enabled)</translation>
    </message>
    <message>
        <source>no history yet: %1 is made by the first session</source>
        <translation>pas encore d&apos;historique&#xa0;: %1 sera créé par la première session</translation>
    </message>
    <message>
        <source>session %1 is not in the history</source>
        <translation>la session %1 n&apos;est pas dans l&apos;historique</translation>
    </message>
    <message>
        <source>unknown export format %1 or side %2</source>
        <translation>format d&apos;export %1 ou côté %2 inconnu</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LatencyChart</name>
    <message>
        <source>Latency over time</source>
        <translation>Latence au fil du temps</translation>
    </message>
    <message>
        <source>Latency per segment</source>
        <translation>Latence par segment</translation>
    </message>
    <message>
        <source>position in the input (s)</source>
        <translation>position dans l&apos;entrée (s)</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Reconnaissance</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traduction</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>Synthèse</translation>
    </message>
    <message>
        <source>Whole segment</source>
        <translation>Segment complet</translation>
    </message>
    <message>
        <source>Latency chart</source>
        <translation>Graphique de latence</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation>Niveau d&apos;entrée</translation>
    </message>
    <message>
        <source>Input level (dBFS)</source>
        <translation>Niveau d&apos;entrée (dBFS)</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>silence</translation>
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
        <translation>Niveau des moteurs</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation>&amp;Transcription</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>&amp;Mémoire</translation>
    </message>
    <message>
        <source>&amp;Profiler</source>
        <translation>&amp;Profileur</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>Moteurs</translation>
    </message>
    <message>
        <source>&amp;Engines</source>
        <translation>M&amp;oteurs</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>Paramètre&amp;s</translation>
    </message>
    <message>
        <source>Settings saved to %1; the next session uses them.</source>
        <translation>Paramètres enregistrés dans %1&#xa0;; la prochaine session les utilisera.</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>Paramètres non enregistrés&#xa0;: %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Translate an &amp;audio file…</source>
        <translation>Traduire un fichier &amp;audio…</translation>
    </message>
    <message>
        <source>&amp;Copy transcript</source>
        <translation>&amp;Copier la transcription</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Caption &amp;overlay</source>
        <translation>&amp;Incrustation des sous-titres</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Reading mode</source>
        <translation>Mode &amp;lecture</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Texte plus &amp;grand</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Texte plus &amp;petit</translation>
    </message>
    <message>
        <source>loaded %1 (%2%3)</source>
        <translation>%1 chargé (%2%3)</translation>
    </message>
    <message>
        <source>unloaded %1 (%2)</source>
        <translation>%1 déchargé (%2)</translation>
    </message>
    <message>
        <source>Segment %1: %2 failed: %3</source>
        <translation>Segment %1&#xa0;: échec de %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>Audio devices could not be listed: %1</source>
        <translation>Impossible de lister les périphériques audio&#xa0;: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Neural engines available.</source>
        <translation>Moteurs neuronaux disponibles.</translation>
    </message>
    <message>
        <source>Running on the offline tier (pocketsphinx, apertium, espeak-ng): download a model for better quality (dragoman models download).</source>
        <translation>Fonctionnement avec les moteurs hors ligne (pocketsphinx, apertium, espeak-ng)&#xa0;: téléchargez un modèle pour une meilleure qualité (dragoman models download).</translation>
    </message>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation>
            <numerusform>%n moteur disponible</numerusform>
            <numerusform>%n moteurs disponibles</numerusform>
        </translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation>Historique&#xa0;: enregistré</translation>
    </message>
    <message>
        <source>History: NOT saved</source>
        <translation>Historique&#xa0;: NON enregistré</translation>
    </message>
    <message>
        <source>Every session is kept in the history</source>
        <translation>Chaque session est conservée dans l&apos;historique</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Démarrage impossible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Stopping: finishing what was heard…</source>
        <translation>Arrêt&#xa0;: traitement de ce qui a été entendu…</translation>
    </message>
    <message>
        <source>The session ended with an error: %1</source>
        <translation>La session s&apos;est terminée par une erreur&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation>
            <numerusform>Annulée après %n segment</numerusform>
            <numerusform>Annulée après %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation>
            <numerusform>Terminée&#xa0;: %n segment</numerusform>
            <numerusform>Terminée&#xa0;: %n segments</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Translate an audio file</source>
        <translation>Traduire un fichier audio</translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.ogg *.opus *.mp3);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>Système (%1)</translation>
    </message>
    <message>
        <source>The interface will be in %1 from the next start.</source>
        <translation>L&apos;interface sera en %1 au prochain démarrage.</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>T&amp;hème</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Suivre le &amp;système</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>C&amp;lair</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Sombre</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Dragoman</source>
        <translation>À &amp;propos de Dragoman</translation>
    </message>
    <message>
        <source>Dragoman %1: live speech translation on your own computer. GPL-3.0-or-later.</source>
        <translation>Dragoman %1 : traduction vocale en direct sur votre propre ordinateur. GPL-3.0-or-later.</translation>
    </message>
    <message>
        <source>M&amp;odels</source>
        <translation>Mo&amp;dèles</translation>
    </message>
    <message>
        <source>Engines in use</source>
        <translation>Moteurs utilisés</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Show engines</source>
        <translation>Afficher les moteurs</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Ouvrir les paramètres</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>Appe&amp;l</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>En appel</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>Appel&#xa0;: %1</translation>
    </message>
    <message>
        <source>My side of the call ended: %1</source>
        <translation>Mon côté de l&apos;appel s&apos;est terminé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Their side of the call ended: %1</source>
        <translation>Le côté de l&apos;interlocuteur s&apos;est terminé&#xa0;: %1</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Terminer l&apos;appel</translation>
    </message>
    <message>
        <source>The voice could not be previewed: %1</source>
        <translation>Impossible d&apos;écouter la voix&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message>
        <source>Memory over time</source>
        <translation>Mémoire au fil du temps</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>secondes écoulées</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Memory chart</source>
        <translation>Graphique de la mémoire</translation>
    </message>
    <message>
        <source>Show the last:</source>
        <translation>Afficher les dernières&#xa0;:</translation>
    </message>
    <message>
        <source>Time shown on the memory chart</source>
        <translation>Durée affichée sur le graphique de la mémoire</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory events</source>
        <translation>Événements mémoire</translation>
    </message>
    <message>
        <source>System RAM used</source>
        <translation>RAM système utilisée</translation>
    </message>
    <message>
        <source>Process RSS</source>
        <translation>RSS du processus</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Model loaded/unloaded</source>
        <translation>Modèle chargé/déchargé</translation>
    </message>
    <message>
        <source>GPU %1 allocated</source>
        <translation>GPU %1 allouée</translation>
    </message>
    <message>
        <source>GPU %1 reserved</source>
        <translation>GPU %1 réservée</translation>
    </message>
    <message>
        <source>limit: %1</source>
        <translation>limite&#xa0;: %1</translation>
    </message>
    <message>
        <source>No memory alerts or model changes in view.</source>
        <translation>Aucune alerte mémoire ni changement de modèle dans l&apos;intervalle affiché.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsModel</name>
    <message numerus="yes">
        <source>%n language(s)</source>
        <translation>
            <numerusform>%n langue</numerusform>
            <numerusform>%n langues</numerusform>
        </translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>téléchargement en cours</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1&#xa0;% (%2 sur %3)</translation>
    </message>
    <message>
        <source>listing files…</source>
        <translation>liste des fichiers en cours…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Langues</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Téléchargement</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsPage</name>
    <message>
        <source>Neural models from Hugging Face. Downloads resume where they stopped; without a model Dragoman uses the offline engines.</source>
        <translation>Modèles neuronaux de Hugging Face. Les téléchargements reprennent là où ils se sont arrêtés&#xa0;; sans modèle, Dragoman utilise les moteurs hors ligne.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Télécharger</translation>
    </message>
    <message>
        <source>&amp;Cancel download</source>
        <translation>A&amp;nnuler le téléchargement</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Model manager status</source>
        <translation>État du gestionnaire de modèles</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installé</translation>
    </message>
    <message>
        <source>cancelled; Download resumes it</source>
        <translation>annulé&#xa0;; Télécharger le reprend</translation>
    </message>
    <message>
        <source>%1 is installed.</source>
        <translation>%1 est installé.</translation>
    </message>
    <message>
        <source>%1: download cancelled.</source>
        <translation>%1&#xa0;: téléchargement annulé.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 removed.</source>
        <translation>%1 supprimé.</translation>
    </message>
    <message>
        <source>Models are kept in %1</source>
        <translation>Les modèles sont conservés dans %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Téléchargement de %1…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsWorker</name>
    <message>
        <source>%1 is being downloaded; cancel it first</source>
        <translation>%1 est en cours de téléchargement&#xa0;; annulez-le d&apos;abord</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message>
        <source>No session has run yet.</source>
        <translation>Aucune session n&apos;a encore été exécutée.</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Résumé de l&apos;exécution</translation>
    </message>
    <message>
        <source>Export the profile:</source>
        <translation>Exporter le profil&#xa0;:</translation>
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
        <translation>Tableau texte</translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)</source>
        <translation>Trace Chrome (Perfetto)</translation>
    </message>
    <message>
        <source>Export the profile as %1</source>
        <translation>Exporter le profil en %1</translation>
    </message>
    <message>
        <source>Latency per stage</source>
        <translation>Latence par étape</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Goulot d&apos;étranglement</translation>
    </message>
    <message>
        <source>Queue depths</source>
        <translation>Profondeur des files d&apos;attente</translation>
    </message>
    <message>
        <source>Profile written to %1</source>
        <translation>Profil écrit dans %1</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n en échec</numerusform>
            <numerusform>%n en échec</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s of audio in %2 s</source>
        <translation>%1 s d&apos;audio en %2 s</translation>
    </message>
    <message>
        <source>compute/real time %1 (%2)</source>
        <translation>rapport calcul/temps réel %1 (%2)</translation>
    </message>
    <message>
        <source>keeps up</source>
        <translation>suit le rythme</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>juste</translation>
    </message>
    <message>
        <source>falls behind</source>
        <translation>prend du retard</translation>
    </message>
    <message>
        <source>peak memory %1</source>
        <translation>pic de mémoire %1</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>reconnaissance</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traduction</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>synthèse</translation>
    </message>
    <message>
        <source>%1 %2 (most %3)</source>
        <translation>%1 %2 (max. %3)</translation>
    </message>
    <message>
        <source>Waiting in the queues: %1</source>
        <translation>En attente dans les files&#xa0;: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation>
            <numerusform>%1&#xa0;: %n segment de l&apos;historique</numerusform>
            <numerusform>%1&#xa0;: %n segments de l&apos;historique</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the profile</source>
        <translation>Exporter le profil</translation>
    </message>
    <message>
        <source>No profile to export: run a session first (profiling.enabled must be on).</source>
        <translation>Aucun profil à exporter&#xa0;: lancez d&apos;abord une session (profiling.enabled doit être activé).</translation>
    </message>
    <message>
        <source>%1: give the file a .json, .csv, .txt or .trace.json name</source>
        <translation>%1&#xa0;: donnez au fichier une extension .json, .csv, .txt ou .trace.json</translation>
    </message>
    <message>
        <source>Comparison with earlier runs</source>
        <translation>Comparaison avec les exécutions précédentes</translation>
    </message>
    <message>
        <source>No earlier runs in the history to compare with.</source>
        <translation>Aucune exécution précédente dans l’historique à comparer.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4</source>
        <translation>
            <numerusform>%1 : %n segment, calcul/temps réel %2, reconnaissance p50 %3, traduction p50 %4</numerusform>
            <numerusform>%1 : %n segments, calcul/temps réel %2, reconnaissance p50 %3, traduction p50 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Since the run before: nothing moved by 20% or more.</source>
        <translation>Depuis l’exécution précédente : aucune variation de 20 % ou plus.</translation>
    </message>
    <message>
        <source>Since the run before: %1</source>
        <translation>Depuis l’exécution précédente : %1</translation>
    </message>
    <message>
        <source>Engines changed: %1</source>
        <translation>Moteurs modifiés : %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SegmentTimeline</name>
    <message>
        <source>Segment timeline</source>
        <translation>Chronologie des segments</translation>
    </message>
    <message>
        <source>One row per segment: capture, recognition, translation and synthesis bars</source>
        <translation>Une ligne par segment&#xa0;: barres de capture, reconnaissance, traduction et synthèse</translation>
    </message>
    <message>
        <source>capture</source>
        <translation>capture</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>reconnaissance</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traduction</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>synthèse</translation>
    </message>
    <message>
        <source>playback</source>
        <translation>lecture</translation>
    </message>
    <message>
        <source>No segment yet.</source>
        <translation>Aucun segment pour le moment.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionControl</name>
    <message>
        <source>voice previews are not available here</source>
        <translation>l&apos;écoute des voix n&apos;est pas disponible ici</translation>
    </message>
    <message>
        <source>calls are not available here</source>
        <translation>les appels ne sont pas disponibles ici</translation>
    </message>
    <message>
        <source>no virtual microphone here</source>
        <translation>pas de microphone virtuel ici</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionPanel</name>
    <message>
        <source>Detect automatically</source>
        <translation>Détecter automatiquement</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Périphérique d&apos;entrée</translation>
    </message>
    <message>
        <source>Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file</source>
        <translation>Provenance de la parole&#xa0;: un microphone, le son d&apos;un appel (un moniteur) ou un fichier audio</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>Périphérique de sortie</translation>
    </message>
    <message>
        <source>Where the translation is spoken; the virtual microphone lets call apps hear it</source>
        <translation>Où la traduction est prononcée&#xa0;; le microphone virtuel permet aux applications d&apos;appel de l&apos;entendre</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>&amp;Entrée&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>&amp;Sortie&#xa0;:</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>Langue source</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>Langue cible</translation>
    </message>
    <message>
        <source>Swap the languages (Ctrl+Shift+S)</source>
        <translation>Inverser les langues (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>Inverser les langues</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;De&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Vers&#xa0;:</translation>
    </message>
    <message>
        <source>Speech recognition engine</source>
        <translation>Moteur de reconnaissance vocale</translation>
    </message>
    <message>
        <source>model folder</source>
        <translation>dossier du modèle</translation>
    </message>
    <message>
        <source>Speech recognition model</source>
        <translation>Modèle de reconnaissance vocale</translation>
    </message>
    <message>
        <source>Translation engine</source>
        <translation>Moteur de traduction</translation>
    </message>
    <message>
        <source>Translation model</source>
        <translation>Modèle de traduction</translation>
    </message>
    <message>
        <source>Speech synthesis engine</source>
        <translation>Moteur de synthèse vocale</translation>
    </message>
    <message>
        <source>Recognition:</source>
        <translation>Reconnaissance&#xa0;:</translation>
    </message>
    <message>
        <source>Translation:</source>
        <translation>Traduction&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>Dé&amp;marrer</translation>
    </message>
    <message>
        <source>Start or stop the session</source>
        <translation>Démarrer ou arrêter la session</translation>
    </message>
    <message>
        <source>Start translating (F5); press again to stop</source>
        <translation>Démarrer la traduction (F5)&#xa0;; appuyez de nouveau pour arrêter</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>&amp;Appuyer pour parler</translation>
    </message>
    <message>
        <source>Push-to-talk mode</source>
        <translation>Mode appuyer pour parler</translation>
    </message>
    <message>
        <source>Only listen while the Talk button is held down</source>
        <translation>N&apos;écouter que pendant que le bouton Parler est maintenu enfoncé</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Parler</translation>
    </message>
    <message>
        <source>Talk (hold)</source>
        <translation>Parler (maintenir)</translation>
    </message>
    <message>
        <source>Hold to be heard (F6)</source>
        <translation>Maintenir enfoncé pour être entendu (F6)</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Microphone par défaut</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Haut-parleurs par défaut</translation>
    </message>
    <message>
        <source>Virtual microphone (for calls)</source>
        <translation>Microphone virtuel (pour les appels)</translation>
    </message>
    <message>
        <source>Don&apos;t speak (captions only)</source>
        <translation>Ne pas parler (sous-titres seulement)</translation>
    </message>
    <message>
        <source>Audio file…</source>
        <translation>Fichier audio…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Fichier&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1 (indisponible)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>A&amp;rrêter</translation>
    </message>
    <message>
        <source>Speech:</source>
        <translation>Synthèse&#xa0;:</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voix</translation>
    </message>
    <message>
        <source>The voice that speaks the translation; Automatic picks the best installed one</source>
        <translation>La voix qui prononce la traduction&#xa0;; Automatique choisit la meilleure voix installée</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>Éco&amp;uter</translation>
    </message>
    <message>
        <source>Preview the voice</source>
        <translation>Écouter la voix</translation>
    </message>
    <message>
        <source>Speak a short sample with this voice</source>
        <translation>Prononcer un court extrait avec cette voix</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Licence&#xa0;: %1</translation>
    </message>
    <message>
        <source>Playing…</source>
        <translation>Lecture…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SettingsPage</name>
    <message>
        <source>Settings sections</source>
        <translation>Sections des paramètres</translation>
    </message>
    <message>
        <source>a path (empty: the default place)</source>
        <translation>un chemin (vide&#xa0;: l&apos;emplacement par défaut)</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Valeurs admises</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>État des paramètres</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>Valeurs par &amp;défaut</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Annuler les modifications</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Set by %1 for this run; the saved value applies when it is not.</source>
        <translation>Défini par %1 pour cette exécution&#xa0;; sinon, la valeur enregistrée s&apos;applique.</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>la ligne de commande</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Impossible d&apos;enregistrer&#xa0;: %1</translation>
    </message>
    <message>
        <source>No configuration file to save to.</source>
        <translation>Aucun fichier de configuration où enregistrer.</translation>
    </message>
    <message>
        <source>Changed; Save writes %1 (new sessions use it).</source>
        <translation>Modifié&#xa0;; Enregistrer écrit %1 (les nouvelles sessions l&apos;utiliseront).</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Enregistré dans %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>No configuration file yet: Save writes %1.</source>
        <translation>Pas encore de fichier de configuration : Enregistrer écrit %1.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::StageTableModel</name>
    <message>
        <source>Recognition</source>
        <translation>Reconnaissance</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traduction</translation>
    </message>
    <message>
        <source>Speech synthesis</source>
        <translation>Synthèse vocale</translation>
    </message>
    <message>
        <source>Whole segment (capture to speech)</source>
        <translation>Segment complet (de la capture à la parole)</translation>
    </message>
    <message>
        <source>No stage has run yet.</source>
        <translation>Aucune étape n&apos;a encore été exécutée.</translation>
    </message>
    <message>
        <source>Bottleneck: %1. %2</source>
        <translation>Goulot d&apos;étranglement&#xa0;: %1. %2</translation>
    </message>
    <message>
        <source>Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.</source>
        <translation>Goulot d&apos;étranglement&#xa0;: %1, occupé %2&#xa0;% du temps (p95 %3 ms). Il limite la vitesse de sortie des segments.</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
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
        <translation>Occupation</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptModel</name>
    <message>
        <source>%1 to %2</source>
        <translation>de %1 à %2</translation>
    </message>
    <message>
        <source>Still being heard: this text may change.</source>
        <translation>Écoute en cours&#xa0;: ce texte peut encore changer.</translation>
    </message>
    <message>
        <source>Recognition confidence: %1%</source>
        <translation>Confiance de la reconnaissance&#xa0;: %1&#xa0;%</translation>
    </message>
    <message>
        <source>Part of this audio was muted while Dragoman was speaking (echo gate).</source>
        <translation>Une partie de cet audio a été coupée pendant que Dragoman parlait (porte anti-écho).</translation>
    </message>
    <message>
        <source>The recogniser repeated itself here; the repetition was cut.</source>
        <translation>La reconnaissance s&apos;est répétée ici&#xa0;; la répétition a été supprimée.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation>(échec&#xa0;: %1)</translation>
    </message>
    <message>
        <source>Provisional: %1</source>
        <translation>Provisoire&#xa0;: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>Entendu</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traduction</translation>
    </message>
    <message>
        <source>Provisional translation: %1</source>
        <translation>Traduction provisoire&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptView</name>
    <message>
        <source>&amp;Reading mode</source>
        <translation>Mode &amp;lecture</translation>
    </message>
    <message>
        <source>Show only committed text, not the words still being heard</source>
        <translation>Afficher uniquement le texte validé, sans les mots en cours de reconnaissance</translation>
    </message>
    <message>
        <source>Reading mode</source>
        <translation>Mode lecture</translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation>Empilé</translation>
    </message>
    <message>
        <source>Show each translation under what was heard instead of beside it</source>
        <translation>Afficher chaque traduction sous ce qui a été entendu plutôt qu&apos;à côté</translation>
    </message>
    <message>
        <source>Stacked layout</source>
        <translation>Disposition empilée</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>Taille du texte&#xa0;:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Transcript text size</source>
        <translation>Taille du texte de la transcription</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Copy the selected rows, or the whole transcript, to the clipboard</source>
        <translation>Copier les lignes sélectionnées, ou toute la transcription, dans le presse-papiers</translation>
    </message>
    <message>
        <source>Copy transcript</source>
        <translation>Copier la transcription</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Aller à la fin</translation>
    </message>
    <message>
        <source>Jump to the latest text</source>
        <translation>Aller au texte le plus récent</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcription</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
</context>
</TS>

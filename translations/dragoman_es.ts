<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>dragoman::gui::GuiSession</name>
    <message>
        <source>a session is already running</source>
        <translation>ya hay una sesión en curso</translation>
    </message>
    <message>
        <source>History is not being saved: %1</source>
        <translation>El historial no se está guardando: %1</translation>
    </message>
    <message>
        <source>a session is running: stop it before starting a call</source>
        <translation>hay una sesión en curso: deténgala antes de iniciar una llamada</translation>
    </message>
    <message>
        <source>a call is already running</source>
        <translation>ya hay una llamada en curso</translation>
    </message>
    <message>
        <source>a call is running: end it before starting a session</source>
        <translation>hay una llamada en curso: finalícela antes de iniciar una sesión</translation>
    </message>
    <message>
        <source>the voice said nothing for the sample sentence</source>
        <translation>la voz no dijo nada para la frase de ejemplo</translation>
    </message>
    <message>
        <source>output device %1: %2</source>
        <translation>dispositivo de salida %1: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Descartar el mensaje</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CallPage</name>
    <message>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>My language</source>
        <translation>Mi idioma</translation>
    </message>
    <message>
        <source>Their language</source>
        <translation>Idioma del interlocutor</translation>
    </message>
    <message>
        <source>with</source>
        <translation>con</translation>
    </message>
    <message>
        <source>I speak:</source>
        <translation>Hablo:</translation>
    </message>
    <message>
        <source>My microphone</source>
        <translation>Mi micrófono</translation>
    </message>
    <message>
        <source>My mic&amp;rophone:</source>
        <translation>Mi micró&amp;fono:</translation>
    </message>
    <message>
        <source>The call&apos;s audio</source>
        <translation>Audio de la llamada</translation>
    </message>
    <message>
        <source>Where the other side&apos;s voice comes from: the call app&apos;s output, e.g. pulse:SINK.monitor for the speakers it plays on</source>
        <translation>De dónde procede la voz del interlocutor: la salida de la aplicación de llamadas, p. ej. pulse:SINK.monitor para los altavoces en los que suena</translation>
    </message>
    <message>
        <source>The call&apos;s &amp;audio:</source>
        <translation>A&amp;udio de la llamada:</translation>
    </message>
    <message>
        <source>Into the call</source>
        <translation>Hacia la llamada</translation>
    </message>
    <message>
        <source>Where my translated speech goes: the microphone the call app records</source>
        <translation>Adónde va mi voz traducida: el micrófono que graba la aplicación de llamadas</translation>
    </message>
    <message>
        <source>Set up virtual microphone</source>
        <translation>Configurar micrófono virtual</translation>
    </message>
    <message>
        <source>Creates &quot;dragoman_mic&quot;: pick it as the microphone in the call app</source>
        <translation>Crea «dragoman_mic»: elíjalo como micrófono en la aplicación de llamadas</translation>
    </message>
    <message>
        <source>Into the ca&amp;ll:</source>
        <translation>Ha&amp;cia la llamada:</translation>
    </message>
    <message>
        <source>Speak their words to me on</source>
        <translation>Decirme sus palabras por</translation>
    </message>
    <message>
        <source>My headphones</source>
        <translation>Mis auriculares</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>Iniciar llamada</translation>
    </message>
    <message>
        <source>Setting up the virtual microphone…</source>
        <translation>Configurando el micrófono virtual…</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Silenciar</translation>
    </message>
    <message>
        <source>Nothing I say goes into the call while muted</source>
        <translation>Mientras está silenciado, nada de lo que digo llega a la llamada</translation>
    </message>
    <message>
        <source>The call&apos;s audio is not translated while muted</source>
        <translation>Mientras está silenciado, el audio de la llamada no se traduce</translation>
    </message>
    <message>
        <source>My microphone&apos;s level</source>
        <translation>Nivel de mi micrófono</translation>
    </message>
    <message>
        <source>The call&apos;s level</source>
        <translation>Nivel de la llamada</translation>
    </message>
    <message>
        <source>In the call: %1</source>
        <translation>En la llamada: %1</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>Finalizado.</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Finalizado: %1</translation>
    </message>
    <message>
        <source>The virtual microphone could not be set up: %1</source>
        <translation>No se pudo configurar el micrófono virtual: %1</translation>
    </message>
    <message>
        <source>Virtual microphone ready: in the call app, pick &quot;%1&quot; as the microphone.</source>
        <translation>Micrófono virtual listo: en la aplicación de llamadas, elija «%1» como micrófono.</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Micrófono predeterminado</translation>
    </message>
    <message>
        <source>Dragoman virtual microphone</source>
        <translation>Micrófono virtual de Dragoman</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Altavoces predeterminados</translation>
    </message>
    <message>
        <source>Me: %1 → %2</source>
        <translation>Yo: %1 → %2</translation>
    </message>
    <message>
        <source>Them: %1 → %2</source>
        <translation>Interlocutor: %1 → %2</translation>
    </message>
    <message>
        <source>The call could not start: %1</source>
        <translation>No se pudo iniciar la llamada: %1</translation>
    </message>
    <message>
        <source>Starting the call…</source>
        <translation>Iniciando la llamada…</translation>
    </message>
    <message>
        <source>Ending the call…</source>
        <translation>Finalizando la llamada…</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Finalizar llamada</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>La llamada finalizó.</translation>
    </message>
    <message>
        <source>The call ended: %1</source>
        <translation>La llamada finalizó: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CaptionOverlay</name>
    <message>
        <source>Dragoman captions</source>
        <translation>Subtítulos de Dragoman</translation>
    </message>
    <message>
        <source>Caption overlay</source>
        <translation>Superposición de subtítulos</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Subtítulos</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Líneas</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto más grande</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texto más pequeño</translation>
    </message>
    <message>
        <source>Show what was heard</source>
        <translation>Mostrar lo que se oyó</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
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
        <translation>no disponible</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Motor</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Languages or reason</source>
        <translation>Idiomas o motivo</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryModel</name>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Final</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentos</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryView</name>
    <message>
        <source>Search what was said or its translation…</source>
        <translation>Buscar lo que se dijo o su traducción…</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Buscar en el historial</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Past sessions</source>
        <translation>Sesiones anteriores</translation>
    </message>
    <message>
        <source>The session&apos;s text</source>
        <translation>El texto de la sesión</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>Formato de exportación</translation>
    </message>
    <message>
        <source>Text to export</source>
        <translation>Texto que exportar</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>Lo que se dijo</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Ambos</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>Show &amp;timings in the profiler</source>
        <translation>Mostrar los &amp;tiempos en el perfilador</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>E&amp;liminar…</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>Exportar como</translation>
    </message>
    <message>
        <source>History status</source>
        <translation>Estado del historial</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n segment(s)</source>
        <translation>
            <numerusform>«%1»: %n segmento</numerusform>
            <numerusform>«%1»: %n segmentos</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1 (%2)</source>
        <translation>sesión %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation>
            <numerusform>Sesión %1: %n segmento</numerusform>
            <numerusform>Sesión %1: %n segmentos</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Eliminada.</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>Escrito en %1</translation>
    </message>
    <message>
        <source>Delete the session?</source>
        <translation>¿Eliminar la sesión?</translation>
    </message>
    <message>
        <source>The session, its text and its telemetry will be removed from the history for good.</source>
        <translation>La sesión, su texto y su telemetría se eliminarán del historial de forma permanente.</translation>
    </message>
    <message>
        <source>Export the session</source>
        <translation>Exportar la sesión</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryWorker</name>
    <message>
        <source>the history is off (storage.enabled)</source>
        <translation>el historial está desactivado (storage.enabled)</translation>
    </message>
    <message>
        <source>no history yet: %1 is made by the first session</source>
        <translation>aún no hay historial: %1 se crea con la primera sesión</translation>
    </message>
    <message>
        <source>session %1 is not in the history</source>
        <translation>la sesión %1 no está en el historial</translation>
    </message>
    <message>
        <source>unknown export format %1 or side %2</source>
        <translation>formato de exportación %1 o lado %2 desconocido</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>no se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LatencyChart</name>
    <message>
        <source>Latency over time</source>
        <translation>Latencia a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Latency per segment</source>
        <translation>Latencia por segmento</translation>
    </message>
    <message>
        <source>position in the input (s)</source>
        <translation>posición en la entrada (s)</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Reconocimiento</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>Síntesis</translation>
    </message>
    <message>
        <source>Whole segment</source>
        <translation>Segmento completo</translation>
    </message>
    <message>
        <source>Latency chart</source>
        <translation>Gráfico de latencia</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation>Nivel de entrada</translation>
    </message>
    <message>
        <source>Input level (dBFS)</source>
        <translation>Nivel de entrada (dBFS)</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>silencio</translation>
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
        <translation>Nivel de motores</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Páginas</translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation>&amp;Transcripción</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>&amp;Memoria</translation>
    </message>
    <message>
        <source>&amp;Profiler</source>
        <translation>&amp;Perfilador</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>Motores</translation>
    </message>
    <message>
        <source>&amp;Engines</source>
        <translation>Moto&amp;res</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>Co&amp;nfiguración</translation>
    </message>
    <message>
        <source>Settings saved to %1; the next session uses them.</source>
        <translation>Configuración guardada en %1; la próxima sesión la usará.</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>No se guardó la configuración: %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Translate an &amp;audio file…</source>
        <translation>Traducir un archivo de &amp;audio…</translation>
    </message>
    <message>
        <source>&amp;Copy transcript</source>
        <translation>&amp;Copiar la transcripción</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Caption &amp;overlay</source>
        <translation>&amp;Superposición de subtítulos</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Reading mode</source>
        <translation>Modo de &amp;lectura</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Texto más &amp;grande</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Texto más &amp;pequeño</translation>
    </message>
    <message>
        <source>loaded %1 (%2%3)</source>
        <translation>cargado %1 (%2%3)</translation>
    </message>
    <message>
        <source>unloaded %1 (%2)</source>
        <translation>descargado %1 (%2)</translation>
    </message>
    <message>
        <source>Segment %1: %2 failed: %3</source>
        <translation>Segmento %1: falló %2: %3</translation>
    </message>
    <message>
        <source>Audio devices could not be listed: %1</source>
        <translation>No se pudieron listar los dispositivos de audio: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Neural engines available.</source>
        <translation>Motores neuronales disponibles.</translation>
    </message>
    <message>
        <source>Running on the offline tier (pocketsphinx, apertium, espeak-ng): download a model for better quality (dragoman models download).</source>
        <translation>Funcionando con el nivel sin conexión (pocketsphinx, apertium, espeak-ng): descargue un modelo para obtener mejor calidad (dragoman models download).</translation>
    </message>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation>
            <numerusform>%n motor disponible</numerusform>
            <numerusform>%n motores disponibles</numerusform>
        </translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation>Historial: guardado</translation>
    </message>
    <message>
        <source>History: NOT saved</source>
        <translation>Historial: NO guardado</translation>
    </message>
    <message>
        <source>Every session is kept in the history</source>
        <translation>Todas las sesiones se guardan en el historial</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>No se pudo iniciar: %1</translation>
    </message>
    <message>
        <source>Stopping: finishing what was heard…</source>
        <translation>Deteniendo: terminando lo que se oyó…</translation>
    </message>
    <message>
        <source>The session ended with an error: %1</source>
        <translation>La sesión terminó con un error: %1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation>
            <numerusform>Cancelada tras %n segmento</numerusform>
            <numerusform>Cancelada tras %n segmentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation>
            <numerusform>Terminada: %n segmento</numerusform>
            <numerusform>Terminada: %n segmentos</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Translate an audio file</source>
        <translation>Traducir un archivo de audio</translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.ogg *.opus *.mp3);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>Sistema (%1)</translation>
    </message>
    <message>
        <source>The interface will be in %1 from the next start.</source>
        <translation>La interfaz estará en %1 a partir del próximo inicio.</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Seguir al &amp;sistema</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Claro</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Oscuro</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Dragoman</source>
        <translation>&amp;Acerca de Dragoman</translation>
    </message>
    <message>
        <source>Dragoman %1: live speech translation on your own computer. GPL-3.0-or-later.</source>
        <translation>Dragoman %1: traducción de voz en directo en su propio ordenador. GPL-3.0-or-later.</translation>
    </message>
    <message>
        <source>M&amp;odels</source>
        <translation>Mo&amp;delos</translation>
    </message>
    <message>
        <source>Engines in use</source>
        <translation>Motores en uso</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>Show engines</source>
        <translation>Mostrar motores</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Abrir configuración</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Iniciar de nuevo</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Llamada</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>En una llamada</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>Llamada: %1</translation>
    </message>
    <message>
        <source>My side of the call ended: %1</source>
        <translation>Mi lado de la llamada finalizó: %1</translation>
    </message>
    <message>
        <source>Their side of the call ended: %1</source>
        <translation>El lado del interlocutor finalizó: %1</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Finalizar llamada</translation>
    </message>
    <message>
        <source>The voice could not be previewed: %1</source>
        <translation>No se pudo escuchar la voz: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message>
        <source>Memory over time</source>
        <translation>Memoria a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>segundos atrás</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Memory chart</source>
        <translation>Gráfico de memoria</translation>
    </message>
    <message>
        <source>Show the last:</source>
        <translation>Mostrar los últimos:</translation>
    </message>
    <message>
        <source>Time shown on the memory chart</source>
        <translation>Tiempo mostrado en el gráfico de memoria</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory events</source>
        <translation>Eventos de memoria</translation>
    </message>
    <message>
        <source>System RAM used</source>
        <translation>RAM del sistema usada</translation>
    </message>
    <message>
        <source>Process RSS</source>
        <translation>RSS del proceso</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Model loaded/unloaded</source>
        <translation>Modelo cargado/descargado</translation>
    </message>
    <message>
        <source>GPU %1 allocated</source>
        <translation>GPU %1 asignada</translation>
    </message>
    <message>
        <source>GPU %1 reserved</source>
        <translation>GPU %1 reservada</translation>
    </message>
    <message>
        <source>limit: %1</source>
        <translation>límite: %1</translation>
    </message>
    <message>
        <source>No memory alerts or model changes in view.</source>
        <translation>No hay alertas de memoria ni cambios de modelo en la vista.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsModel</name>
    <message numerus="yes">
        <source>%n language(s)</source>
        <translation>
            <numerusform>%n idioma</numerusform>
            <numerusform>%n idiomas</numerusform>
        </translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>descargando</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1% (%2 de %3)</translation>
    </message>
    <message>
        <source>listing files…</source>
        <translation>listando archivos…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Descarga</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsPage</name>
    <message>
        <source>Neural models from Hugging Face. Downloads resume where they stopped; without a model Dragoman uses the offline engines.</source>
        <translation>Modelos neuronales de Hugging Face. Las descargas se reanudan donde se detuvieron; sin un modelo, Dragoman usa los motores sin conexión.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Descargar</translation>
    </message>
    <message>
        <source>&amp;Cancel download</source>
        <translation>&amp;Cancelar la descarga</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Model manager status</source>
        <translation>Estado del gestor de modelos</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>instalado</translation>
    </message>
    <message>
        <source>cancelled; Download resumes it</source>
        <translation>cancelada; Descargar la reanuda</translation>
    </message>
    <message>
        <source>%1 is installed.</source>
        <translation>%1 está instalado.</translation>
    </message>
    <message>
        <source>%1: download cancelled.</source>
        <translation>%1: descarga cancelada.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 removed.</source>
        <translation>%1 eliminado.</translation>
    </message>
    <message>
        <source>Models are kept in %1</source>
        <translation>Los modelos se guardan en %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Descargando %1…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsWorker</name>
    <message>
        <source>%1 is being downloaded; cancel it first</source>
        <translation>%1 se está descargando; cancele primero la descarga</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message>
        <source>No session has run yet.</source>
        <translation>Aún no se ha ejecutado ninguna sesión.</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Resumen de la ejecución</translation>
    </message>
    <message>
        <source>Export the profile:</source>
        <translation>Exportar el perfil:</translation>
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
        <translation>Tabla de texto</translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)</source>
        <translation>Traza de Chrome (Perfetto)</translation>
    </message>
    <message>
        <source>Export the profile as %1</source>
        <translation>Exportar el perfil como %1</translation>
    </message>
    <message>
        <source>Latency per stage</source>
        <translation>Latencia por etapa</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Cuello de botella</translation>
    </message>
    <message>
        <source>Queue depths</source>
        <translation>Profundidad de las colas</translation>
    </message>
    <message>
        <source>Profile written to %1</source>
        <translation>Perfil escrito en %1</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segmento</numerusform>
            <numerusform>%n segmentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fallido</numerusform>
            <numerusform>%n fallidos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s of audio in %2 s</source>
        <translation>%1 s de audio en %2 s</translation>
    </message>
    <message>
        <source>compute/real time %1 (%2)</source>
        <translation>cómputo/tiempo real %1 (%2)</translation>
    </message>
    <message>
        <source>keeps up</source>
        <translation>va al día</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>justo</translation>
    </message>
    <message>
        <source>falls behind</source>
        <translation>se retrasa</translation>
    </message>
    <message>
        <source>peak memory %1</source>
        <translation>pico de memoria %1</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>reconocimiento</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traducción</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>síntesis</translation>
    </message>
    <message>
        <source>%1 %2 (most %3)</source>
        <translation>%1 %2 (máx. %3)</translation>
    </message>
    <message>
        <source>Waiting in the queues: %1</source>
        <translation>En espera en las colas: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation>
            <numerusform>%1: %n segmento del historial</numerusform>
            <numerusform>%1: %n segmentos del historial</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the profile</source>
        <translation>Exportar el perfil</translation>
    </message>
    <message>
        <source>No profile to export: run a session first (profiling.enabled must be on).</source>
        <translation>No hay ningún perfil que exportar: ejecute antes una sesión (profiling.enabled debe estar activado).</translation>
    </message>
    <message>
        <source>%1: give the file a .json, .csv, .txt or .trace.json name</source>
        <translation>%1: dé al archivo un nombre .json, .csv, .txt o .trace.json</translation>
    </message>
    <message>
        <source>Comparison with earlier runs</source>
        <translation>Comparación con ejecuciones anteriores</translation>
    </message>
    <message>
        <source>No earlier runs in the history to compare with.</source>
        <translation>No hay ejecuciones anteriores en el historial para comparar.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4</source>
        <translation>
            <numerusform>%1: %n segmento, cómputo/tiempo real %2, reconocimiento p50 %3, traducción p50 %4</numerusform>
            <numerusform>%1: %n segmentos, cómputo/tiempo real %2, reconocimiento p50 %3, traducción p50 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Since the run before: nothing moved by 20% or more.</source>
        <translation>Desde la ejecución anterior: nada cambió un 20 % o más.</translation>
    </message>
    <message>
        <source>Since the run before: %1</source>
        <translation>Desde la ejecución anterior: %1</translation>
    </message>
    <message>
        <source>Engines changed: %1</source>
        <translation>Motores cambiados: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SegmentTimeline</name>
    <message>
        <source>Segment timeline</source>
        <translation>Cronología de segmentos</translation>
    </message>
    <message>
        <source>One row per segment: capture, recognition, translation and synthesis bars</source>
        <translation>Una fila por segmento: barras de captura, reconocimiento, traducción y síntesis</translation>
    </message>
    <message>
        <source>capture</source>
        <translation>captura</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>reconocimiento</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traducción</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>síntesis</translation>
    </message>
    <message>
        <source>playback</source>
        <translation>reproducción</translation>
    </message>
    <message>
        <source>No segment yet.</source>
        <translation>Aún no hay segmentos.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionControl</name>
    <message>
        <source>voice previews are not available here</source>
        <translation>la escucha de voces no está disponible aquí</translation>
    </message>
    <message>
        <source>calls are not available here</source>
        <translation>las llamadas no están disponibles aquí</translation>
    </message>
    <message>
        <source>no virtual microphone here</source>
        <translation>aquí no hay micrófono virtual</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionPanel</name>
    <message>
        <source>Detect automatically</source>
        <translation>Detectar automáticamente</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Dispositivo de entrada</translation>
    </message>
    <message>
        <source>Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file</source>
        <translation>De dónde procede la voz: un micrófono, el sonido de una llamada (un monitor) o un archivo de audio</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>Dispositivo de salida</translation>
    </message>
    <message>
        <source>Where the translation is spoken; the virtual microphone lets call apps hear it</source>
        <translation>Dónde se pronuncia la traducción; el micrófono virtual permite que las aplicaciones de llamadas la oigan</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>&amp;Entrada:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>&amp;Salida:</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>Idioma de origen</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>Idioma de destino</translation>
    </message>
    <message>
        <source>Swap the languages (Ctrl+Shift+S)</source>
        <translation>Intercambiar los idiomas (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>Intercambiar idiomas</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Origen:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Destino:</translation>
    </message>
    <message>
        <source>Speech recognition engine</source>
        <translation>Motor de reconocimiento de voz</translation>
    </message>
    <message>
        <source>model folder</source>
        <translation>carpeta del modelo</translation>
    </message>
    <message>
        <source>Speech recognition model</source>
        <translation>Modelo de reconocimiento de voz</translation>
    </message>
    <message>
        <source>Translation engine</source>
        <translation>Motor de traducción</translation>
    </message>
    <message>
        <source>Translation model</source>
        <translation>Modelo de traducción</translation>
    </message>
    <message>
        <source>Speech synthesis engine</source>
        <translation>Motor de síntesis de voz</translation>
    </message>
    <message>
        <source>Recognition:</source>
        <translation>Reconocimiento:</translation>
    </message>
    <message>
        <source>Translation:</source>
        <translation>Traducción:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>Start or stop the session</source>
        <translation>Iniciar o detener la sesión</translation>
    </message>
    <message>
        <source>Start translating (F5); press again to stop</source>
        <translation>Empezar a traducir (F5); pulse de nuevo para detener</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>Pulsar para ha&amp;blar</translation>
    </message>
    <message>
        <source>Push-to-talk mode</source>
        <translation>Modo pulsar para hablar</translation>
    </message>
    <message>
        <source>Only listen while the Talk button is held down</source>
        <translation>Escuchar solo mientras se mantiene pulsado el botón Hablar</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Hablar</translation>
    </message>
    <message>
        <source>Talk (hold)</source>
        <translation>Hablar (mantener)</translation>
    </message>
    <message>
        <source>Hold to be heard (F6)</source>
        <translation>Mantenga pulsado para que se le oiga (F6)</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>Micrófono predeterminado</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>Altavoces predeterminados</translation>
    </message>
    <message>
        <source>Virtual microphone (for calls)</source>
        <translation>Micrófono virtual (para llamadas)</translation>
    </message>
    <message>
        <source>Don&apos;t speak (captions only)</source>
        <translation>No hablar (solo subtítulos)</translation>
    </message>
    <message>
        <source>Audio file…</source>
        <translation>Archivo de audio…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Archivo: %1</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1 (no disponible)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>De&amp;tener</translation>
    </message>
    <message>
        <source>Speech:</source>
        <translation>Síntesis:</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voz</translation>
    </message>
    <message>
        <source>The voice that speaks the translation; Automatic picks the best installed one</source>
        <translation>La voz que pronuncia la traducción; Automática elige la mejor instalada</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automática</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>Es&amp;cuchar</translation>
    </message>
    <message>
        <source>Preview the voice</source>
        <translation>Escuchar la voz</translation>
    </message>
    <message>
        <source>Speak a short sample with this voice</source>
        <translation>Pronunciar una breve muestra con esta voz</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Licencia: %1</translation>
    </message>
    <message>
        <source>Playing…</source>
        <translation>Reproduciendo…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SettingsPage</name>
    <message>
        <source>Settings sections</source>
        <translation>Secciones de la configuración</translation>
    </message>
    <message>
        <source>a path (empty: the default place)</source>
        <translation>una ruta (vacía: la ubicación predeterminada)</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Permitido</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>Estado de la configuración</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>Restaurar &amp;valores predeterminados</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Revertir</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Set by %1 for this run; the saved value applies when it is not.</source>
        <translation>Establecido por %1 para esta ejecución; el valor guardado se aplica cuando no lo está.</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>la línea de órdenes</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>No se puede guardar: %1</translation>
    </message>
    <message>
        <source>No configuration file to save to.</source>
        <translation>No hay ningún archivo de configuración donde guardar.</translation>
    </message>
    <message>
        <source>Changed; Save writes %1 (new sessions use it).</source>
        <translation>Modificado; Guardar escribe %1 (las sesiones nuevas lo usan).</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Guardado en %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No guardado: %1</translation>
    </message>
    <message>
        <source>No configuration file yet: Save writes %1.</source>
        <translation>Aún no hay archivo de configuración: Guardar escribe %1.</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::StageTableModel</name>
    <message>
        <source>Recognition</source>
        <translation>Reconocimiento</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Speech synthesis</source>
        <translation>Síntesis de voz</translation>
    </message>
    <message>
        <source>Whole segment (capture to speech)</source>
        <translation>Segmento completo (de la captura a la voz)</translation>
    </message>
    <message>
        <source>No stage has run yet.</source>
        <translation>Aún no se ha ejecutado ninguna etapa.</translation>
    </message>
    <message>
        <source>Bottleneck: %1. %2</source>
        <translation>Cuello de botella: %1. %2</translation>
    </message>
    <message>
        <source>Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.</source>
        <translation>Cuello de botella: %1, ocupado el %2% del tiempo (p95 %3 ms). Limita la rapidez con que salen los segmentos.</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Recuento</translation>
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
        <translation>Ocupado</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptModel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 a %2</translation>
    </message>
    <message>
        <source>Still being heard: this text may change.</source>
        <translation>Todavía se está oyendo: este texto puede cambiar.</translation>
    </message>
    <message>
        <source>Recognition confidence: %1%</source>
        <translation>Confianza del reconocimiento: %1%</translation>
    </message>
    <message>
        <source>Part of this audio was muted while Dragoman was speaking (echo gate).</source>
        <translation>Parte de este audio se silenció mientras Dragoman hablaba (puerta de eco).</translation>
    </message>
    <message>
        <source>The recogniser repeated itself here; the repetition was cut.</source>
        <translation>El reconocedor se repitió aquí; se eliminó la repetición.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Falló: %1</translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation>(falló: %1)</translation>
    </message>
    <message>
        <source>Provisional: %1</source>
        <translation>Provisional: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>Oído</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Provisional translation: %1</source>
        <translation>Traducción provisional: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptView</name>
    <message>
        <source>&amp;Reading mode</source>
        <translation>Modo de &amp;lectura</translation>
    </message>
    <message>
        <source>Show only committed text, not the words still being heard</source>
        <translation>Mostrar solo el texto confirmado, no las palabras que aún se están oyendo</translation>
    </message>
    <message>
        <source>Reading mode</source>
        <translation>Modo de lectura</translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation>Apilado</translation>
    </message>
    <message>
        <source>Show each translation under what was heard instead of beside it</source>
        <translation>Mostrar cada traducción debajo de lo que se oyó en lugar de al lado</translation>
    </message>
    <message>
        <source>Stacked layout</source>
        <translation>Disposición apilada</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>Tamaño del texto:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Transcript text size</source>
        <translation>Tamaño del texto de la transcripción</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the selected rows, or the whole transcript, to the clipboard</source>
        <translation>Copiar las filas seleccionadas, o toda la transcripción, al portapapeles</translation>
    </message>
    <message>
        <source>Copy transcript</source>
        <translation>Copiar la transcripción</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Ir a lo último</translation>
    </message>
    <message>
        <source>Jump to the latest text</source>
        <translation>Ir al texto más reciente</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcripción</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
</context>
</TS>

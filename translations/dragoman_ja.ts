<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>dragoman::gui::GuiSession</name>
    <message>
        <source>a session is already running</source>
        <translation>セッションはすでに実行中です</translation>
    </message>
    <message>
        <source>History is not being saved: %1</source>
        <translation>履歴は保存されていません: %1</translation>
    </message>
    <message>
        <source>a session is running: stop it before starting a call</source>
        <translation>セッションが実行中です。通話を開始する前に停止してください</translation>
    </message>
    <message>
        <source>a call is already running</source>
        <translation>通話はすでに実行中です</translation>
    </message>
    <message>
        <source>a call is running: end it before starting a session</source>
        <translation>通話中です。セッションを開始する前に通話を終了してください</translation>
    </message>
    <message>
        <source>the voice said nothing for the sample sentence</source>
        <translation>サンプル文の読み上げで音声が出力されませんでした</translation>
    </message>
    <message>
        <source>output device %1: %2</source>
        <translation>出力デバイス %1: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CallPage</name>
    <message>
        <source>Call</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>My language</source>
        <translation>自分の言語</translation>
    </message>
    <message>
        <source>Their language</source>
        <translation>相手の言語</translation>
    </message>
    <message>
        <source>with</source>
        <translation>と</translation>
    </message>
    <message>
        <source>I speak:</source>
        <translation>話す言語:</translation>
    </message>
    <message>
        <source>My microphone</source>
        <translation>自分のマイク</translation>
    </message>
    <message>
        <source>My mic&amp;rophone:</source>
        <translation>自分のマイク(&amp;R):</translation>
    </message>
    <message>
        <source>The call&apos;s audio</source>
        <translation>通話の音声</translation>
    </message>
    <message>
        <source>Where the other side&apos;s voice comes from: the call app&apos;s output, e.g. pulse:SINK.monitor for the speakers it plays on</source>
        <translation>相手の声の入力元: 通話アプリの出力 (例: 通話アプリが再生するスピーカーの pulse:SINK.monitor)</translation>
    </message>
    <message>
        <source>The call&apos;s &amp;audio:</source>
        <translation>通話の音声(&amp;A):</translation>
    </message>
    <message>
        <source>Into the call</source>
        <translation>通話への出力</translation>
    </message>
    <message>
        <source>Where my translated speech goes: the microphone the call app records</source>
        <translation>翻訳した自分の音声の出力先: 通話アプリが録音するマイク</translation>
    </message>
    <message>
        <source>Set up virtual microphone</source>
        <translation>仮想マイクを設定</translation>
    </message>
    <message>
        <source>Creates &quot;dragoman_mic&quot;: pick it as the microphone in the call app</source>
        <translation>「dragoman_mic」を作成します。通話アプリのマイクとして選んでください</translation>
    </message>
    <message>
        <source>Into the ca&amp;ll:</source>
        <translation>通話への出力(&amp;L):</translation>
    </message>
    <message>
        <source>Speak their words to me on</source>
        <translation>相手の言葉を自分に読み上げる出力先</translation>
    </message>
    <message>
        <source>My headphones</source>
        <translation>自分のヘッドホン</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>通話を開始</translation>
    </message>
    <message>
        <source>Setting up the virtual microphone…</source>
        <translation>仮想マイクを設定しています…</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>ミュート</translation>
    </message>
    <message>
        <source>Nothing I say goes into the call while muted</source>
        <translation>ミュート中は自分の発言が通話に送られません</translation>
    </message>
    <message>
        <source>The call&apos;s audio is not translated while muted</source>
        <translation>ミュート中は通話の音声を翻訳しません</translation>
    </message>
    <message>
        <source>My microphone&apos;s level</source>
        <translation>自分のマイクのレベル</translation>
    </message>
    <message>
        <source>The call&apos;s level</source>
        <translation>通話のレベル</translation>
    </message>
    <message>
        <source>In the call: %1</source>
        <translation>通話中: %1</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>終了しました。</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>終了しました: %1</translation>
    </message>
    <message>
        <source>The virtual microphone could not be set up: %1</source>
        <translation>仮想マイクを設定できませんでした: %1</translation>
    </message>
    <message>
        <source>Virtual microphone ready: in the call app, pick &quot;%1&quot; as the microphone.</source>
        <translation>仮想マイクの準備ができました。通話アプリのマイクとして「%1」を選んでください。</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>既定のマイク</translation>
    </message>
    <message>
        <source>Dragoman virtual microphone</source>
        <translation>Dragoman 仮想マイク</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>既定のスピーカー</translation>
    </message>
    <message>
        <source>Me: %1 → %2</source>
        <translation>自分: %1 → %2</translation>
    </message>
    <message>
        <source>Them: %1 → %2</source>
        <translation>相手: %1 → %2</translation>
    </message>
    <message>
        <source>The call could not start: %1</source>
        <translation>通話を開始できませんでした: %1</translation>
    </message>
    <message>
        <source>Starting the call…</source>
        <translation>通話を開始しています…</translation>
    </message>
    <message>
        <source>Ending the call…</source>
        <translation>通話を終了しています…</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>通話を終了</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>通話が終了しました。</translation>
    </message>
    <message>
        <source>The call ended: %1</source>
        <translation>通話が終了しました: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::CaptionOverlay</name>
    <message>
        <source>Dragoman captions</source>
        <translation>Dragoman 字幕</translation>
    </message>
    <message>
        <source>Caption overlay</source>
        <translation>字幕オーバーレイ</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>文字を大きく</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>文字を小さく</translation>
    </message>
    <message>
        <source>Show what was heard</source>
        <translation>認識結果を表示</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::EngineTableModel</name>
    <message>
        <source>available</source>
        <translation>利用可能</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>利用不可</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>エンジン</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Languages or reason</source>
        <translation>言語または理由</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryModel</name>
    <message>
        <source>Started</source>
        <translation>開始日時</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了状態</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>セグメント数</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryView</name>
    <message>
        <source>Search what was said or its translation…</source>
        <translation>発話内容または翻訳を検索…</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>履歴を検索</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>Past sessions</source>
        <translation>過去のセッション</translation>
    </message>
    <message>
        <source>The session&apos;s text</source>
        <translation>セッションのテキスト</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>エクスポート形式</translation>
    </message>
    <message>
        <source>Text to export</source>
        <translation>エクスポートするテキスト</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>発話内容</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>両方</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Show &amp;timings in the profiler</source>
        <translation>プロファイラーでタイミングを表示(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>エクスポート形式</translation>
    </message>
    <message>
        <source>History status</source>
        <translation>履歴の状態</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n 件のセッション</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n segment(s)</source>
        <translation>
            <numerusform>“%1”: %n 件のセグメント</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1 (%2)</source>
        <translation>セッション %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation>
            <numerusform>セッション %1: %n 件のセグメント</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>削除しました。</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>%1 に書き出しました</translation>
    </message>
    <message>
        <source>Delete the session?</source>
        <translation>セッションを削除しますか?</translation>
    </message>
    <message>
        <source>The session, its text and its telemetry will be removed from the history for good.</source>
        <translation>このセッションとそのテキスト、テレメトリは履歴から完全に削除されます。</translation>
    </message>
    <message>
        <source>Export the session</source>
        <translation>セッションをエクスポート</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::HistoryWorker</name>
    <message>
        <source>the history is off (storage.enabled)</source>
        <translation>履歴は無効になっています (storage.enabled)</translation>
    </message>
    <message>
        <source>no history yet: %1 is made by the first session</source>
        <translation>履歴はまだありません: %1 は最初のセッションで作成されます</translation>
    </message>
    <message>
        <source>session %1 is not in the history</source>
        <translation>セッション %1 は履歴にありません</translation>
    </message>
    <message>
        <source>unknown export format %1 or side %2</source>
        <translation>不明なエクスポート形式 %1 または対象 %2 です</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LatencyChart</name>
    <message>
        <source>Latency over time</source>
        <translation>レイテンシの推移</translation>
    </message>
    <message>
        <source>Latency per segment</source>
        <translation>セグメントごとのレイテンシ</translation>
    </message>
    <message>
        <source>position in the input (s)</source>
        <translation>入力内の位置 (秒)</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>音声認識</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>音声合成</translation>
    </message>
    <message>
        <source>Whole segment</source>
        <translation>セグメント全体</translation>
    </message>
    <message>
        <source>Latency chart</source>
        <translation>レイテンシグラフ</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation>入力レベル</translation>
    </message>
    <message>
        <source>Input level (dBFS)</source>
        <translation>入力レベル (dBFS)</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>無音</translation>
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
        <translation>エンジン階層</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation>トランスクリプト(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>メモリ(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Profiler</source>
        <translation>プロファイラー(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>履歴(&amp;H)</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>エンジン</translation>
    </message>
    <message>
        <source>&amp;Engines</source>
        <translation>エンジン(&amp;E)</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>設定(&amp;N)</translation>
    </message>
    <message>
        <source>Settings saved to %1; the next session uses them.</source>
        <translation>設定を %1 に保存しました。次のセッションから適用されます。</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>設定は保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Translate an &amp;audio file…</source>
        <translation>音声ファイルを翻訳(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Copy transcript</source>
        <translation>トランスクリプトをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Caption &amp;overlay</source>
        <translation>字幕オーバーレイ(&amp;O)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Reading mode</source>
        <translation>閲覧モード(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>文字を大きく(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>文字を小さく(&amp;S)</translation>
    </message>
    <message>
        <source>loaded %1 (%2%3)</source>
        <translation>%1 を読み込みました (%2%3)</translation>
    </message>
    <message>
        <source>unloaded %1 (%2)</source>
        <translation>%1 を解放しました (%2)</translation>
    </message>
    <message>
        <source>Segment %1: %2 failed: %3</source>
        <translation>セグメント %1: %2 に失敗しました: %3</translation>
    </message>
    <message>
        <source>Audio devices could not be listed: %1</source>
        <translation>オーディオデバイスを一覧表示できませんでした: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Neural engines available.</source>
        <translation>ニューラルエンジンを利用できます。</translation>
    </message>
    <message>
        <source>Running on the offline tier (pocketsphinx, apertium, espeak-ng): download a model for better quality (dragoman models download).</source>
        <translation>オフライン階層 (pocketsphinx、apertium、espeak-ng) で動作しています。品質を高めるにはモデルをダウンロードしてください (dragoman models download)。</translation>
    </message>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation>
            <numerusform>%n 個のエンジンを利用可能</numerusform>
        </translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation>履歴: 保存する</translation>
    </message>
    <message>
        <source>History: NOT saved</source>
        <translation>履歴: 保存しない</translation>
    </message>
    <message>
        <source>Every session is kept in the history</source>
        <translation>すべてのセッションが履歴に保存されます</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>開始できませんでした: %1</translation>
    </message>
    <message>
        <source>Stopping: finishing what was heard…</source>
        <translation>停止中: 聞き取った内容を処理しています…</translation>
    </message>
    <message>
        <source>The session ended with an error: %1</source>
        <translation>セッションはエラーで終了しました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation>
            <numerusform>%n 件のセグメントの後にキャンセルされました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation>
            <numerusform>完了: %n 件のセグメント</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Translate an audio file</source>
        <translation>音声ファイルを翻訳</translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)</source>
        <translation>音声 (*.wav *.flac *.ogg *.opus *.mp3);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>システム (%1)</translation>
    </message>
    <message>
        <source>The interface will be in %1 from the next start.</source>
        <translation>次回の起動から %1 で表示されます。</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>テーマ(&amp;H)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>システムに従う(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>ライト(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>ダーク(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Dragoman</source>
        <translation>Dragoman について(&amp;A)</translation>
    </message>
    <message>
        <source>Dragoman %1: live speech translation on your own computer. GPL-3.0-or-later.</source>
        <translation>Dragoman %1: お使いのコンピューター上で動作するリアルタイム音声翻訳。GPL-3.0-or-later。</translation>
    </message>
    <message>
        <source>M&amp;odels</source>
        <translation>モデル(&amp;O)</translation>
    </message>
    <message>
        <source>Engines in use</source>
        <translation>使用中のエンジン</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Show engines</source>
        <translation>エンジンを表示</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>設定を開く</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>もう一度開始</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>通話(&amp;C)</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>通話: %1</translation>
    </message>
    <message>
        <source>My side of the call ended: %1</source>
        <translation>通話の自分側が終了しました: %1</translation>
    </message>
    <message>
        <source>Their side of the call ended: %1</source>
        <translation>通話の相手側が終了しました: %1</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>通話を終了</translation>
    </message>
    <message>
        <source>The voice could not be previewed: %1</source>
        <translation>音声を試聴できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message>
        <source>Memory over time</source>
        <translation>メモリ使用量の推移</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Memory chart</source>
        <translation>メモリグラフ</translation>
    </message>
    <message>
        <source>Show the last:</source>
        <translation>表示期間:</translation>
    </message>
    <message>
        <source>Time shown on the memory chart</source>
        <translation>メモリグラフに表示する期間</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>直近 %n 分</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory events</source>
        <translation>メモリイベント</translation>
    </message>
    <message>
        <source>System RAM used</source>
        <translation>システム RAM 使用量</translation>
    </message>
    <message>
        <source>Process RSS</source>
        <translation>プロセス RSS</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>アラート</translation>
    </message>
    <message>
        <source>Model loaded/unloaded</source>
        <translation>モデルの読み込み/解放</translation>
    </message>
    <message>
        <source>GPU %1 allocated</source>
        <translation>GPU %1 割り当て済み</translation>
    </message>
    <message>
        <source>GPU %1 reserved</source>
        <translation>GPU %1 予約済み</translation>
    </message>
    <message>
        <source>limit: %1</source>
        <translation>上限: %1</translation>
    </message>
    <message>
        <source>No memory alerts or model changes in view.</source>
        <translation>表示範囲内にメモリアラートやモデルの変化はありません。</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsModel</name>
    <message numerus="yes">
        <source>%n language(s)</source>
        <translation>
            <numerusform>%n 言語</numerusform>
        </translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1% (%2 / %3)</translation>
    </message>
    <message>
        <source>listing files…</source>
        <translation>ファイル一覧を取得しています…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsPage</name>
    <message>
        <source>Neural models from Hugging Face. Downloads resume where they stopped; without a model Dragoman uses the offline engines.</source>
        <translation>Hugging Face のニューラルモデルです。ダウンロードは中断した位置から再開されます。モデルがない場合、Dragoman はオフラインエンジンを使用します。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>ダウンロード(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Cancel download</source>
        <translation>ダウンロードをキャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>更新(&amp;F)</translation>
    </message>
    <message>
        <source>Model manager status</source>
        <translation>モデル管理の状態</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <source>cancelled; Download resumes it</source>
        <translation>キャンセルしました。［ダウンロード］で再開できます</translation>
    </message>
    <message>
        <source>%1 is installed.</source>
        <translation>%1 をインストールしました。</translation>
    </message>
    <message>
        <source>%1: download cancelled.</source>
        <translation>%1: ダウンロードをキャンセルしました。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 removed.</source>
        <translation>%1 を削除しました。</translation>
    </message>
    <message>
        <source>Models are kept in %1</source>
        <translation>モデルは %1 に保存されます</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 をダウンロードしています…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ModelsWorker</name>
    <message>
        <source>%1 is being downloaded; cancel it first</source>
        <translation>%1 はダウンロード中です。先にキャンセルしてください</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message>
        <source>No session has run yet.</source>
        <translation>まだセッションが実行されていません。</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>実行の概要</translation>
    </message>
    <message>
        <source>Export the profile:</source>
        <translation>プロファイルのエクスポート:</translation>
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
        <translation>テキスト表</translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)</source>
        <translation>Chrome トレース (Perfetto)</translation>
    </message>
    <message>
        <source>Export the profile as %1</source>
        <translation>プロファイルを %1 としてエクスポート</translation>
    </message>
    <message>
        <source>Latency per stage</source>
        <translation>ステージごとのレイテンシ</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>ボトルネック</translation>
    </message>
    <message>
        <source>Queue depths</source>
        <translation>キューの深さ</translation>
    </message>
    <message>
        <source>Profile written to %1</source>
        <translation>プロファイルを %1 に書き出しました</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n 件のセグメント</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 件失敗</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s of audio in %2 s</source>
        <translation>%1 秒の音声を %2 秒で処理</translation>
    </message>
    <message>
        <source>compute/real time %1 (%2)</source>
        <translation>計算時間/実時間 %1 (%2)</translation>
    </message>
    <message>
        <source>keeps up</source>
        <translation>余裕あり</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <source>falls behind</source>
        <translation>遅延あり</translation>
    </message>
    <message>
        <source>peak memory %1</source>
        <translation>ピークメモリ %1</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>音声認識</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>音声合成</translation>
    </message>
    <message>
        <source>%1 %2 (most %3)</source>
        <translation>%1 %2 (最大 %3)</translation>
    </message>
    <message>
        <source>Waiting in the queues: %1</source>
        <translation>キューで待機中: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation>
            <numerusform>%1: 履歴の %n 件のセグメント</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the profile</source>
        <translation>プロファイルをエクスポート</translation>
    </message>
    <message>
        <source>No profile to export: run a session first (profiling.enabled must be on).</source>
        <translation>エクスポートするプロファイルがありません。先にセッションを実行してください (profiling.enabled を有効にする必要があります)。</translation>
    </message>
    <message>
        <source>%1: give the file a .json, .csv, .txt or .trace.json name</source>
        <translation>%1: ファイル名の拡張子を .json、.csv、.txt、.trace.json のいずれかにしてください</translation>
    </message>
    <message>
        <source>Comparison with earlier runs</source>
        <translation>以前の実行との比較</translation>
    </message>
    <message>
        <source>No earlier runs in the history to compare with.</source>
        <translation>比較できる以前の実行が履歴にありません。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4</source>
        <translation>
            <numerusform>%1: %n セグメント、計算/実時間 %2、認識 p50 %3、翻訳 p50 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Since the run before: nothing moved by 20% or more.</source>
        <translation>前回の実行から: 20% 以上変化したものはありません。</translation>
    </message>
    <message>
        <source>Since the run before: %1</source>
        <translation>前回の実行から: %1</translation>
    </message>
    <message>
        <source>Engines changed: %1</source>
        <translation>変更されたエンジン: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SegmentTimeline</name>
    <message>
        <source>Segment timeline</source>
        <translation>セグメントのタイムライン</translation>
    </message>
    <message>
        <source>One row per segment: capture, recognition, translation and synthesis bars</source>
        <translation>セグメントごとに 1 行: キャプチャ、音声認識、翻訳、音声合成のバー</translation>
    </message>
    <message>
        <source>capture</source>
        <translation>キャプチャ</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>音声認識</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>音声合成</translation>
    </message>
    <message>
        <source>playback</source>
        <translation>再生</translation>
    </message>
    <message>
        <source>No segment yet.</source>
        <translation>まだセグメントがありません。</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionControl</name>
    <message>
        <source>voice previews are not available here</source>
        <translation>ここでは音声の試聴は利用できません</translation>
    </message>
    <message>
        <source>calls are not available here</source>
        <translation>ここでは通話は利用できません</translation>
    </message>
    <message>
        <source>no virtual microphone here</source>
        <translation>ここには仮想マイクがありません</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SessionPanel</name>
    <message>
        <source>Detect automatically</source>
        <translation>自動検出</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>入力デバイス</translation>
    </message>
    <message>
        <source>Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file</source>
        <translation>音声の入力元: マイク、通話の音声 (モニター)、または音声ファイル</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>出力デバイス</translation>
    </message>
    <message>
        <source>Where the translation is spoken; the virtual microphone lets call apps hear it</source>
        <translation>翻訳の読み上げ先。仮想マイクを選ぶと通話アプリに翻訳音声が届きます</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>入力(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>出力(&amp;O):</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>翻訳元の言語</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>翻訳先の言語</translation>
    </message>
    <message>
        <source>Swap the languages (Ctrl+Shift+S)</source>
        <translation>言語を入れ替え (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>言語を入れ替え</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>翻訳元(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>翻訳先(&amp;T):</translation>
    </message>
    <message>
        <source>Speech recognition engine</source>
        <translation>音声認識エンジン</translation>
    </message>
    <message>
        <source>model folder</source>
        <translation>モデルフォルダー</translation>
    </message>
    <message>
        <source>Speech recognition model</source>
        <translation>音声認識モデル</translation>
    </message>
    <message>
        <source>Translation engine</source>
        <translation>翻訳エンジン</translation>
    </message>
    <message>
        <source>Translation model</source>
        <translation>翻訳モデル</translation>
    </message>
    <message>
        <source>Speech synthesis engine</source>
        <translation>音声合成エンジン</translation>
    </message>
    <message>
        <source>Recognition:</source>
        <translation>音声認識:</translation>
    </message>
    <message>
        <source>Translation:</source>
        <translation>翻訳:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <source>Start or stop the session</source>
        <translation>セッションを開始または停止</translation>
    </message>
    <message>
        <source>Start translating (F5); press again to stop</source>
        <translation>翻訳を開始します (F5)。もう一度押すと停止します</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>プッシュトゥトーク(&amp;P)</translation>
    </message>
    <message>
        <source>Push-to-talk mode</source>
        <translation>プッシュトゥトークモード</translation>
    </message>
    <message>
        <source>Only listen while the Talk button is held down</source>
        <translation>［話す］ボタンを押している間だけ聞き取ります</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>話す</translation>
    </message>
    <message>
        <source>Talk (hold)</source>
        <translation>話す (長押し)</translation>
    </message>
    <message>
        <source>Hold to be heard (F6)</source>
        <translation>押している間だけ聞き取ります (F6)</translation>
    </message>
    <message>
        <source>Default microphone</source>
        <translation>既定のマイク</translation>
    </message>
    <message>
        <source>Default speakers</source>
        <translation>既定のスピーカー</translation>
    </message>
    <message>
        <source>Virtual microphone (for calls)</source>
        <translation>仮想マイク (通話用)</translation>
    </message>
    <message>
        <source>Don&apos;t speak (captions only)</source>
        <translation>読み上げない (字幕のみ)</translation>
    </message>
    <message>
        <source>Audio file…</source>
        <translation>音声ファイル…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>ファイル: %1</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1 (利用不可)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Speech:</source>
        <translation>音声合成:</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>音声</translation>
    </message>
    <message>
        <source>The voice that speaks the translation; Automatic picks the best installed one</source>
        <translation>翻訳を読み上げる音声。［自動］を選ぶと、インストール済みの最適な音声を使います</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>試聴(&amp;V)</translation>
    </message>
    <message>
        <source>Preview the voice</source>
        <translation>音声を試聴</translation>
    </message>
    <message>
        <source>Speak a short sample with this voice</source>
        <translation>この音声で短いサンプルを読み上げます</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>ライセンス: %1</translation>
    </message>
    <message>
        <source>Playing…</source>
        <translation>再生中…</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::SettingsPage</name>
    <message>
        <source>Settings sections</source>
        <translation>設定のセクション</translation>
    </message>
    <message>
        <source>a path (empty: the default place)</source>
        <translation>パス (空欄: 既定の場所)</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>使用可能な値</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>設定の状態</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>既定値に戻す(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>元に戻す(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Set by %1 for this run; the saved value applies when it is not.</source>
        <translation>今回の実行では %1 で設定されています。指定がない場合は保存された値が適用されます。</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>コマンドライン</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>保存できません: %1</translation>
    </message>
    <message>
        <source>No configuration file to save to.</source>
        <translation>保存先の設定ファイルがありません。</translation>
    </message>
    <message>
        <source>Changed; Save writes %1 (new sessions use it).</source>
        <translation>変更されました。［保存］で %1 に書き込みます (新しいセッションに適用されます)。</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>%1 に保存しました</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>No configuration file yet: Save writes %1.</source>
        <translation>設定ファイルはまだありません: 保存すると %1 に書き込みます。</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::StageTableModel</name>
    <message>
        <source>Recognition</source>
        <translation>音声認識</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>Speech synthesis</source>
        <translation>音声合成</translation>
    </message>
    <message>
        <source>Whole segment (capture to speech)</source>
        <translation>セグメント全体 (キャプチャから読み上げまで)</translation>
    </message>
    <message>
        <source>No stage has run yet.</source>
        <translation>まだ実行されたステージはありません。</translation>
    </message>
    <message>
        <source>Bottleneck: %1. %2</source>
        <translation>ボトルネック: %1。%2</translation>
    </message>
    <message>
        <source>Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.</source>
        <translation>ボトルネック: %1 (稼働率 %2%、p95 %3 ms)。セグメントが出力される速さはこのステージで制限されます。</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>回数</translation>
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
        <translation>稼働率</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptModel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1～%2</translation>
    </message>
    <message>
        <source>Still being heard: this text may change.</source>
        <translation>聞き取り中: このテキストは変わる可能性があります。</translation>
    </message>
    <message>
        <source>Recognition confidence: %1%</source>
        <translation>認識の信頼度: %1%</translation>
    </message>
    <message>
        <source>Part of this audio was muted while Dragoman was speaking (echo gate).</source>
        <translation>Dragoman の読み上げ中、この音声の一部はミュートされました (エコーゲート)。</translation>
    </message>
    <message>
        <source>The recogniser repeated itself here; the repetition was cut.</source>
        <translation>ここで認識結果が繰り返されたため、繰り返し部分を削除しました。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation>(失敗: %1)</translation>
    </message>
    <message>
        <source>Provisional: %1</source>
        <translation>暫定: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>認識結果</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>Provisional translation: %1</source>
        <translation>暫定の翻訳: %1</translation>
    </message>
</context>
<context>
    <name>dragoman::ui::TranscriptView</name>
    <message>
        <source>&amp;Reading mode</source>
        <translation>閲覧モード(&amp;R)</translation>
    </message>
    <message>
        <source>Show only committed text, not the words still being heard</source>
        <translation>確定したテキストのみを表示し、聞き取り中の語句は表示しません</translation>
    </message>
    <message>
        <source>Reading mode</source>
        <translation>閲覧モード</translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation>縦に並べる</translation>
    </message>
    <message>
        <source>Show each translation under what was heard instead of beside it</source>
        <translation>翻訳を認識結果の横ではなく下に表示します</translation>
    </message>
    <message>
        <source>Stacked layout</source>
        <translation>縦並びレイアウト</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>文字サイズ:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Transcript text size</source>
        <translation>トランスクリプトの文字サイズ</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected rows, or the whole transcript, to the clipboard</source>
        <translation>選択した行、またはトランスクリプト全体をクリップボードにコピーします</translation>
    </message>
    <message>
        <source>Copy transcript</source>
        <translation>トランスクリプトをコピー</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>最新へ移動</translation>
    </message>
    <message>
        <source>Jump to the latest text</source>
        <translation>最新のテキストへ移動</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>トランスクリプト</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>dragoman::ui::HistoryView</name>
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
            <numerusform>“%1”: %n segment</numerusform>
            <numerusform>“%1”: %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Session %1: %n segment(s)</source>
        <translation>
            <numerusform>Session %1: %n segment</numerusform>
            <numerusform>Session %1: %n segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n engine(s) available</source>
        <translation>
            <numerusform>%n engine available</numerusform>
            <numerusform>%n engines available</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n segment(s)</source>
        <translation>
            <numerusform>Cancelled after %n segment</numerusform>
            <numerusform>Cancelled after %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n segment(s)</source>
        <translation>
            <numerusform>Finished: %n segment</numerusform>
            <numerusform>Finished: %n segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dragoman::ui::MemoryChart</name>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
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
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n segment(s) from the history</source>
        <translation>
            <numerusform>%1: %n segment from the history</numerusform>
            <numerusform>%1: %n segments from the history</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dragoman::ui::ProfilerDashboard</name>
    <message numerus="yes">
        <source>%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4</source>
        <translation>
            <numerusform>%1: %n segment, compute/real time %2, recognition p50 %3, translation p50 %4</numerusform>
            <numerusform>%1: %n segments, compute/real time %2, recognition p50 %3, translation p50 %4</numerusform>
        </translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>GenerateController</name>
    <message numerus="yes">
        <source>Nothing was sent: %n problem(s) to fix, shown beside the services.</source>
        <translation>
            <numerusform>Nothing was sent: %n problem to fix, shown beside the services.</numerusform>
            <numerusform>Nothing was sent: %n problems to fix, shown beside the services.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n draw(s); estimated $%1.</source>
        <translation>
            <numerusform>Sent %n draw; estimated $%1.</numerusform>
            <numerusform>Sent %n draws; estimated $%1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Collecting %n draw(s) left unfinished last time.</source>
        <translation>
            <numerusform>Collecting %n draw left unfinished last time.</numerusform>
            <numerusform>Collecting %n draws left unfinished last time.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draw(s) are still rendering on their services. Workbench collects them the next time it opens; nothing will be sent twice.</source>
        <translation>
            <numerusform>%n draw is still rendering on its service. Workbench collects it the next time it opens; nothing will be sent twice.</numerusform>
            <numerusform>%n draws are still rendering on their services. Workbench collects them the next time it opens; nothing will be sent twice.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Canceled %n draw(s).</source>
        <translation>
            <numerusform>Canceled %n draw.</numerusform>
            <numerusform>Canceled %n draws.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <source>%n rendering</source>
        <translation>
            <numerusform>%n rendering</numerusform>
            <numerusform>%n rendering</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n done</numerusform>
            <numerusform>%n done</numerusform>
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
        <source>engine busy · %n draw(s)</source>
        <translation>
            <numerusform>engine busy · %n draw</numerusform>
            <numerusform>engine busy · %n draws</numerusform>
        </translation>
    </message>
</context>
</TS>

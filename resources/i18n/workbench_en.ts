<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DiffView</name>
    <message numerus="yes">
        <source>+%n character(s)</source>
        <translation>
            <numerusform>+%n character</numerusform>
            <numerusform>+%n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>−%n character(s)</source>
        <translation>
            <numerusform>−%n character</numerusform>
            <numerusform>−%n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>+%n word(s)</source>
        <translation>
            <numerusform>+%n word</numerusform>
            <numerusform>+%n words</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>−%n word(s)</source>
        <translation>
            <numerusform>−%n word</numerusform>
            <numerusform>−%n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message numerus="yes">
        <source>%n take(s)</source>
        <translation>
            <numerusform>%n take</numerusform>
            <numerusform>%n takes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n selected</numerusform>
            <numerusform>%n selected</numerusform>
        </translation>
    </message>
</context>
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
    <name>LibraryExportFlow</name>
    <message numerus="yes">
        <source>Export %n take(s) to a folder</source>
        <translation>
            <numerusform>Export %n take to a folder</numerusform>
            <numerusform>Export %n takes to a folder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n take(s)…</source>
        <translation>
            <numerusform>Exporting %n take…</numerusform>
            <numerusform>Exporting %n takes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n take(s) to %1: clips with their record embedded, JSON sidecars and index.csv.</source>
        <translation>
            <numerusform>Exported %n take to %1: the clip with its record embedded, a JSON sidecar and index.csv.</numerusform>
            <numerusform>Exported %n takes to %1: clips with their record embedded, JSON sidecars and index.csv.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) could not carry the record; it is in their sidecar.</source>
        <translation>
            <numerusform>%n clip could not carry the record; it is in its sidecar.</numerusform>
            <numerusform>%n clips could not carry the record; it is in their sidecars.</numerusform>
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
    <name>RerollController</name>
    <message numerus="yes">
        <source>Rerolling take %1: %n new draw(s), same spec, new seeds.</source>
        <translation>
            <numerusform>Rerolling take %1: %n new draw, same spec, a new seed.</numerusform>
            <numerusform>Rerolling take %1: %n new draws, same spec, new seeds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new draw(s) would go over your budget of $%1.</source>
        <translation>
            <numerusform>%n new draw would go over your budget of $%1.</numerusform>
            <numerusform>%n new draws would go over your budget of $%1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StarBar</name>
    <message numerus="yes">
        <source>%n star(s) (key %1)</source>
        <translation>
            <numerusform>%n star (key %1)</numerusform>
            <numerusform>%n stars (key %1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n star(s)</source>
        <translation>
            <numerusform>%n star</numerusform>
            <numerusform>%n stars</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatsPane</name>
    <message numerus="yes">
        <source>%n draw(s)</source>
        <translation>
            <numerusform>%n draw</numerusform>
            <numerusform>%n draws</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keeper(s)</source>
        <translation>
            <numerusform>%n keeper</numerusform>
            <numerusform>%n keepers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
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
<context>
    <name>TrashFlow</name>
    <message numerus="yes">
        <source>Delete %n take(s)?</source>
        <translation>
            <numerusform>Delete %n take?</numerusform>
            <numerusform>Delete %n takes?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s).</source>
        <translation>
            <numerusform>Deleted %n take.</numerusform>
            <numerusform>Deleted %n takes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s), but the system trash refused %1 file(s); they are still in the library folder: %2</source>
        <translation>
            <numerusform>Deleted %n take, but the system trash refused %1 file(s); they are still in the library folder: %2</numerusform>
            <numerusform>Deleted %n takes, but the system trash refused %1 file(s); they are still in the library folder: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s); their clips are in the system trash.</source>
        <translation>
            <numerusform>Deleted %n take; its clip is in the system trash.</numerusform>
            <numerusform>Deleted %n takes; their clips are in the system trash.</numerusform>
        </translation>
    </message>
</context>
</TS>

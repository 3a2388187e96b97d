<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ABCanvas</name>
    <message>
        <source>A/B: %1 against %2</source>
        <translation>A/B：%1 对比 %2</translation>
    </message>
    <message>
        <source>Difference: %1 − %2</source>
        <translation>差异：%1 − %2</translation>
    </message>
</context>
<context>
    <name>ABView</name>
    <message>
        <source>A/B view</source>
        <translation>A/B 视图</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>划像</translation>
    </message>
    <message>
        <source>A left of the split, B right; drag it, or hold Shift</source>
        <translation>分割线左侧为 A，右侧为 B；拖动或按住 Shift</translation>
    </message>
    <message>
        <source>Fade</source>
        <translation>淡化</translation>
    </message>
    <message>
        <source>B over A, as much as the slider says</source>
        <translation>按滑块比例把 B 叠在 A 上</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>|A − B|: black where the takes agree</source>
        <translation>|A − B|：两者相同处为黑色</translation>
    </message>
    <message>
        <source>Fade A → B</source>
        <translation>淡化 A → B</translation>
    </message>
    <message>
        <source>Fade from A to B</source>
        <translation>从 A 淡化到 B</translation>
    </message>
    <message>
        <source>Swap A and B</source>
        <translation>交换 A 和 B</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Send the prompt to every checked service (Ctrl+Enter)</source>
        <translation>把提示词发送到所有勾选的服务（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;New prompt</source>
        <translation>新建提示词(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new prompt (the current board stays in the list)</source>
        <translation>开始一条新提示词（当前看板保留在列表中）</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>API keys, regions, defaults, language and theme</source>
        <translation>API 密钥、区域、默认值、语言与主题</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit; draws still rendering are collected next time</source>
        <translation>退出；仍在生成的抽卡会在下次打开时取回</translation>
    </message>
    <message>
        <source>Next pane</source>
        <translation>下一个面板</translation>
    </message>
    <message>
        <source>Prompt → services → board</source>
        <translation>提示词 → 服务 → 看板</translation>
    </message>
    <message>
        <source>Previous pane</source>
        <translation>上一个面板</translation>
    </message>
    <message>
        <source>Board → services → prompt</source>
        <translation>看板 → 服务 → 提示词</translation>
    </message>
    <message>
        <source>&amp;Cancel unfinished draws</source>
        <translation>取消未完成的抽卡(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the draws of this board that have not finished (where the service allows)</source>
        <translation>停止此看板上尚未完成的抽卡（在服务允许的情况下）</translation>
    </message>
    <message>
        <source>Collect &amp;unfinished draws</source>
        <translation>取回未完成的抽卡(&amp;U)</translation>
    </message>
    <message>
        <source>Poll every draw left unfinished, and look again at those past our deadline</source>
        <translation>查询所有未完成的抽卡，并再次检查已超过等待期限的抽卡</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Every shortcut, in one list</source>
        <translation>所有快捷键一览</translation>
    </message>
    <message>
        <source>&amp;About Workbench</source>
        <translation>关于 Workbench(&amp;A)</translation>
    </message>
</context>
<context>
    <name>BlindBoardModel</name>
    <message>
        <source>Take %1</source>
        <extracomment>Provider id of masked draws (never shown: headers and tooltips are this model&apos;s own).</extracomment>
        <translation>成片 %1</translation>
    </message>
    <message>
        <source>rated %1 of 5 (blind)</source>
        <translation>盲评 %1/5</translation>
    </message>
    <message>
        <source>Blind</source>
        <translation>盲评</translation>
    </message>
    <message>
        <source>Services, models, seeds and costs are hidden until every take is rated</source>
        <translation>全部评分前隐藏服务、模型、种子和费用</translation>
    </message>
</context>
<context>
    <name>BoardPane</name>
    <message>
        <source>Boards of earlier prompts and versions</source>
        <extracomment>Recent prompt versions listed in the header.</extracomment>
        <translation>之前的提示词及其各版本的看板</translation>
    </message>
    <message>
        <source>Board:</source>
        <translation>看板：</translation>
    </message>
    <message>
        <source>v%1 · %2</source>
        <translation>v%1 · %2</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>“%1” v%2 · run %3</source>
        <translation>“%1” v%2 · 第 %3 轮</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>Write a prompt and press Ctrl+Enter — the offline sim works without any key</source>
        <translation>写下提示词，按 Ctrl+Enter 生成 —— 离线的 sim 无需任何密钥即可使用</translation>
    </message>
</context>
<context>
    <name>ClipDrop</name>
    <message>
        <source>%1 carries no Workbench record: it was not exported by Workbench, or its metadata was stripped.</source>
        <translation>%1 不带 Workbench 记录：它不是由 Workbench 导出的，或者元数据已被去除。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>the prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>its service and model with the same settings</source>
        <translation>原服务和模型及相同设置</translation>
    </message>
    <message>
        <source>seed %1 (fixed)</source>
        <translation>种子 %1（固定）</translation>
    </message>
    <message>
        <source>Recalled from %1: %2.</source>
        <translation>已从 %1 调回：%2。</translation>
    </message>
</context>
<context>
    <name>CompareController</name>
    <message>
        <source>&amp;Compare</source>
        <translation>对比(&amp;C)</translation>
    </message>
    <message>
        <source>Select two delivered takes to compare them A/B.</source>
        <translation>请选择两个已完成的成片进行 A/B 对比。</translation>
    </message>
    <message>
        <source>No delivered take to show yet.</source>
        <translation>还没有可显示的成片。</translation>
    </message>
    <message>
        <source>Showing the first nine selected takes.</source>
        <translation>只显示前九个所选成片。</translation>
    </message>
    <message>
        <source>Every take is rated: the names are back.</source>
        <translation>全部已评分：名称已恢复。</translation>
    </message>
</context>
<context>
    <name>CompareExport</name>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
</context>
<context>
    <name>CompareSurface</name>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Cannot play this clip: %1</source>
        <translation>无法播放此片段：%1</translation>
    </message>
</context>
<context>
    <name>ComparisonExport</name>
    <message>
        <source>A comparison video is already being made.</source>
        <translation>正在制作一个对比视频。</translation>
    </message>
    <message>
        <source>Select two to nine delivered takes to make a comparison video.</source>
        <translation>请选择两到九个已完成的成片来制作对比视频。</translation>
    </message>
    <message>
        <source>Save the comparison video</source>
        <translation>保存对比视频</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Making the comparison video…</source>
        <translation>正在制作对比视频…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Comparison video</source>
        <translation>对比视频</translation>
    </message>
    <message>
        <source>Comparison video saved: %1 (%2 × %3, %4 s).</source>
        <translation>对比视频已保存：%1（%2 × %3，%4 秒）。</translation>
    </message>
    <message>
        <source>Comparison video canceled; nothing was written.</source>
        <translation>已取消对比视频，没有写入任何文件。</translation>
    </message>
    <message>
        <source>Could not make the comparison video %1: %2</source>
        <translation>无法制作对比视频 %1：%2</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Choose two versions to see what changed.</source>
        <translation>选择两个版本，查看改了什么。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>None in either version.</source>
        <translation>两个版本都没有。</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>the first version</source>
        <translation>第一个版本</translation>
    </message>
    <message>
        <source>Underlined: added in v%2. Struck through: taken out of v%1.</source>
        <translation>下划线：v%2 新增的内容。删除线：从 v%1 删去的内容。</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未改动</translation>
    </message>
    <message numerus="yes">
        <source>+%n character(s)</source>
        <translation>
            <numerusform>+%n 个字</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>−%n character(s)</source>
        <translation>
            <numerusform>−%n 个字</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>+%n word(s)</source>
        <translation>
            <numerusform>+%n 个词</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>−%n word(s)</source>
        <translation>
            <numerusform>−%n 个词</numerusform>
        </translation>
    </message>
    <message>
        <source>spacing changed</source>
        <translation>仅空白有变化</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search prompts and notes</source>
        <translation>搜索提示词和备注</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Only takes marked as favourite</source>
        <translation>只看已收藏的片段</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>全部服务</translation>
    </message>
    <message>
        <source>Any rating</source>
        <translation>任意评分</translation>
    </message>
    <message>
        <source>%1 or more</source>
        <translation>%1 及以上</translation>
    </message>
    <message>
        <source>Any reason</source>
        <translation>任意原因</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Hands</source>
        <translation>手部</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>面部</translation>
    </message>
    <message>
        <source>Physics</source>
        <translation>物理</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>运镜</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Off-prompt</source>
        <translation>跑题</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>Artefacts</source>
        <translation>瑕疵</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message numerus="yes">
        <source>%n take(s)</source>
        <translation>
            <numerusform>%n 个片段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>已选 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>All models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>Choose a service to pick a model</source>
        <translation>先选服务，再选模型</translation>
    </message>
</context>
<context>
    <name>FocusView</name>
    <message>
        <source>Focus view</source>
        <extracomment>Most tiles a focus view shows (a 3×3 grid).</extracomment>
        <translation>聚焦视图</translation>
    </message>
</context>
<context>
    <name>FrameSlot</name>
    <message>
        <source>Remove this image</source>
        <translation>移除此图片</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>%1 is not an image; use a PNG, JPEG or WebP file.</source>
        <translation>%1 不是图片，请使用 PNG、JPEG 或 WebP 文件。</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>Only files on this computer can be used; save it first.</source>
        <translation>只能使用本机上的文件，请先保存到本地。</translation>
    </message>
    <message>
        <source>%1 could not be read as an image (%2).</source>
        <translation>无法将 %1 读取为图片（%2）。</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>未知格式</translation>
    </message>
    <message>
        <source>Drop an image here, or click to choose one</source>
        <translation>将图片拖到这里，或点击选择</translation>
    </message>
</context>
<context>
    <name>FrameThumb</name>
    <message>
        <source>reading…</source>
        <extracomment>Thumbnail box in device-independent pixels (16:9, like the board&apos;s tiles). Near-black surface behind images in both themes, as behind video.</extracomment>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>drop an image
or click</source>
        <translation>拖入图片
或点击选择</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>New runs</source>
        <extracomment>Language choices: each language is named in itself, so a user who cannot read the current interface still finds their own (&quot;System&quot; is the only translated entry).</extracomment>
        <translation>新的生成</translation>
    </message>
    <message>
        <source>Draws per service and model in a new run</source>
        <translation>新一轮生成中每个服务、每个模型的抽卡次数</translation>
    </message>
    <message>
        <source>Draws per model</source>
        <translation>每个模型抽卡次数</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>递增</translation>
    </message>
    <message>
        <source>Seed policy</source>
        <translation>种子策略</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>不设预算</translation>
    </message>
    <message>
        <source>A run estimated above this asks before sending</source>
        <translation>预估费用超过此金额时，发送前会先询问</translation>
    </message>
    <message>
        <source>Budget per run</source>
        <translation>每轮预算</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Larger files are refused instead of filling the disk</source>
        <translation>超过此大小的文件将被拒绝下载，以免占满磁盘</translation>
    </message>
    <message>
        <source>Largest clip</source>
        <translation>单个片段上限</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Workbench.</source>
        <translation>新语言将在下次启动 Workbench 时生效。</translation>
    </message>
</context>
<context>
    <name>GenerateController</name>
    <message>
        <source>Write a prompt first — nothing was sent.</source>
        <extracomment>Used to price a run while the editor is still empty (nothing is sent with it). The prompt the editor&apos;s text belongs to: a changed text becomes its next version.</extracomment>
        <translation>请先写提示词 — 未发送任何内容。</translation>
    </message>
    <message>
        <source>Tick at least one service — nothing was sent.</source>
        <translation>请至少勾选一个服务 — 未发送任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was sent: %n problem(s) to fix, shown beside the services.</source>
        <translation>
            <numerusform>未发送任何内容：有 %n 个问题需要处理，详见各服务旁的提示。</numerusform>
        </translation>
    </message>
    <message>
        <source>Over budget</source>
        <translation>超出预算</translation>
    </message>
    <message>
        <source>This run is estimated at ${est:.2f}, over your budget of ${budget:.2f}.</source>
        <translation>本轮预估费用为 ${est:.2f}，超出了你的预算 ${budget:.2f}。</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Nothing has been sent yet.</source>
        <translation>目前还没有发送任何内容。</translation>
    </message>
    <message>
        <source>Nothing was sent (over budget).</source>
        <translation>未发送任何内容（超出预算）。</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n draw(s); estimated $%1.</source>
        <translation>
            <numerusform>已发送 %n 次抽卡，预估 $%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation>未发送任何内容：%1</translation>
    </message>
</context>
<context>
    <name>HistoryPane</name>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>v%1 is in the prompt editor: change it and generate to make the next version.</source>
        <translation>v%1 已放入提示词编辑器：修改后生成，即成为下一个版本。</translation>
    </message>
    <message>
        <source>The prompt whose versions are listed</source>
        <extracomment>The prompt to show when none was chosen here (the window: the board&apos;s prompt).</extracomment>
        <translation>列出其各个版本的提示词</translation>
    </message>
    <message>
        <source>Show the draws of this version on the board</source>
        <translation>在看板上显示这个版本的抽卡</translation>
    </message>
    <message>
        <source>Put this version&apos;s text in the prompt editor; generating makes a new version</source>
        <translation>把这个版本的文字放入提示词编辑器；生成后即为新版本</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>No prompt history yet</source>
        <translation>还没有提示词历史</translation>
    </message>
    <message>
        <source>Every time you generate, the exact prompt is kept as a version. Change the text and generate again to make v2: here you will see what changed, word by word (Chinese character by character), and which version kept more takes for less money.</source>
        <translation>每次生成，所用的提示词原文都会保存为一个版本。修改文字后再生成一次就有了 v2：在这里可以逐词（中文逐字）看到改了什么，以及哪个版本花更少的钱留下了更多片段。</translation>
    </message>
    <message>
        <source>v%1 · %2</source>
        <translation>v%1 · %2</translation>
    </message>
    <message>
        <source>v%1:</source>
        <translation>v%1：</translation>
    </message>
    <message>
        <source>%1 no draws yet</source>
        <translation>%1还没有抽卡</translation>
    </message>
    <message>
        <source>%1 draws %2 · keepers %3 · hit rate %4 · %5 per keeper</source>
        <translation>%1抽卡 %2 次 · 留用 %3 个 · 留用率 %4 · 每个留用 %5</translation>
    </message>
    <message>
        <source>Open the board</source>
        <translation>打开看板</translation>
    </message>
    <message>
        <source>Write a new version</source>
        <translation>写新版本</translation>
    </message>
    <message>
        <source>Open the board of v%1</source>
        <translation>打开 v%1 的看板</translation>
    </message>
    <message>
        <source>Write a new version from v%1</source>
        <translation>基于 v%1 写新版本</translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>A keeper is a take rated 4–5 stars or marked favourite. Cost counts only the draws the services charged.</source>
        <translation>留用片段指评为 4–5 星或已收藏的片段。费用只计服务实际扣费的抽卡。</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销：%1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做：%1(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Hands</source>
        <translation>手部</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>面部</translation>
    </message>
    <message>
        <source>Physics</source>
        <translation>物理</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>运镜</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Off-prompt</source>
        <translation>跑题</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>Artefacts</source>
        <translation>瑕疵</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Hands or fingers are wrong</source>
        <translation>手或手指不对</translation>
    </message>
    <message>
        <source>A face is distorted or changes</source>
        <translation>面部变形或前后不一致</translation>
    </message>
    <message>
        <source>Motion or physics is impossible</source>
        <translation>动作或物理不合理</translation>
    </message>
    <message>
        <source>The camera drifts or moves wrongly</source>
        <translation>镜头漂移或运镜不对</translation>
    </message>
    <message>
        <source>Text or signs are garbled</source>
        <translation>文字或招牌乱码</translation>
    </message>
    <message>
        <source>It does not show what the prompt asks</source>
        <translation>画面与提示词不符</translation>
    </message>
    <message>
        <source>The look or style is wrong</source>
        <translation>画面风格不对</translation>
    </message>
    <message>
        <source>Flicker, smears or other artefacts</source>
        <translation>闪烁、拖影或其他瑕疵</translation>
    </message>
    <message>
        <source>Another reason (say which in a note)</source>
        <translation>其他原因（请在备注里说明）</translation>
    </message>
    <message>
        <source>Draw %1 of this prompt version on %2</source>
        <translation>此提示词版本在 %2 上的第 %1 抽</translation>
    </message>
    <message>
        <source>rerolled from take %1</source>
        <translation>由片段 %1 重抽</translation>
    </message>
    <message>
        <source>v%1 of prompt %2</source>
        <translation>提示词 %2 的第 %1 版</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>with audio</source>
        <translation>有声</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>无声</translation>
    </message>
    <message>
        <source>first: %1</source>
        <translation>首帧：%1</translation>
    </message>
    <message>
        <source>last: %1</source>
        <translation>尾帧：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none (this model takes no seed)</source>
        <translation>无（此模型不接受种子）</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>charged: %1</source>
        <translation>已扣费：%1</translation>
    </message>
    <message>
        <source>est. %1</source>
        <translation>预估 %1</translation>
    </message>
    <message>
        <source>billed %1</source>
        <translation>账单 %1</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>1 star</source>
        <translation>1 星</translation>
    </message>
    <message>
        <source>2 stars</source>
        <translation>2 星</translation>
    </message>
    <message>
        <source>3 stars</source>
        <translation>3 星</translation>
    </message>
    <message>
        <source>4 stars</source>
        <translation>4 星</translation>
    </message>
    <message>
        <source>5 stars</source>
        <translation>5 星</translation>
    </message>
    <message>
        <source>no rating</source>
        <translation>未评分</translation>
    </message>
</context>
<context>
    <name>InspectorPane</name>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Pick a tile on the board to judge it: 1–5 stars, 0 clears, F favourite, X a reason, R reroll. Ctrl+Z undoes.</source>
        <translation>在看板上选一个镜头来评判：1–5 评星，0 清除，F 收藏，X 标记原因，R 重抽。Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Favourite (F or P)</source>
        <translation>收藏（F 或 P）</translation>
    </message>
    <message>
        <source>Why not a keeper</source>
        <translation>为什么不留用</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Take %1</source>
        <translation>片段 %1</translation>
    </message>
    <message>
        <source>Blind take</source>
        <translation>盲评片段</translation>
    </message>
    <message>
        <source>The service said: %1</source>
        <translation>服务返回：%1</translation>
    </message>
    <message>
        <source>The take was removed from the library.</source>
        <translation>该片段已从素材库中删除。</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>a favourite</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <source>not a favourite</source>
        <translation>未收藏</translation>
    </message>
</context>
<context>
    <name>JudgeController</name>
    <message>
        <source>Clear the rating of take %1</source>
        <extracomment>A change worked out from the take as it was: (engine call, undo call, undo text), or None when there is nothing to change. Worked out on the engine&apos;s thread, in order with others.</extracomment>
        <translation>清除片段 %1 的评分</translation>
    </message>
    <message>
        <source>Rate take %1: %2</source>
        <translation>给片段 %1 评分：%2</translation>
    </message>
    <message>
        <source>Mark take %1 as a favourite</source>
        <translation>收藏片段 %1</translation>
    </message>
    <message>
        <source>Unmark take %1 as a favourite</source>
        <translation>取消收藏片段 %1</translation>
    </message>
    <message>
        <source>Add the reason “%1” to take %2</source>
        <translation>给片段 %2 加上原因“%1”</translation>
    </message>
    <message>
        <source>Remove the reason “%1” from take %2</source>
        <translation>去掉片段 %2 的原因“%1”</translation>
    </message>
    <message>
        <source>“%1” is not a tag: 1–48 characters, no commas.</source>
        <translation>“%1”不能作为标签：需 1–48 个字符，且不含逗号。</translation>
    </message>
    <message>
        <source>Tag take %1 “%2”</source>
        <translation>给片段 %1 加标签“%2”</translation>
    </message>
    <message>
        <source>Remove the tag “%2” from take %1</source>
        <translation>去掉片段 %1 的标签“%2”</translation>
    </message>
    <message>
        <source>Add a note to take %1</source>
        <translation>给片段 %1 添加备注</translation>
    </message>
    <message>
        <source>That take is no longer in the library.</source>
        <translation>该片段已不在素材库中。</translation>
    </message>
</context>
<context>
    <name>LibraryDelegate</name>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>no seed</source>
        <translation>无种子</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>No poster</source>
        <translation>无封面</translation>
    </message>
</context>
<context>
    <name>LibraryExportFlow</name>
    <message>
        <source>Export here</source>
        <translation>导出到这里</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>已有一个导出正在进行。</translation>
    </message>
    <message>
        <source>There is nothing to export.</source>
        <translation>没有可导出的片段。</translation>
    </message>
    <message numerus="yes">
        <source>Export %n take(s) to a folder</source>
        <translation>
            <numerusform>将 %n 个片段导出到文件夹</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the takes shown to a folder</source>
        <translation>将显示的片段导出到文件夹</translation>
    </message>
    <message>
        <source>Stopping after this clip…</source>
        <translation>导完这一个后停止…</translation>
    </message>
    <message>
        <source>Preparing the export…</source>
        <translation>正在准备导出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting takes</source>
        <translation>正在导出片段</translation>
    </message>
    <message>
        <source>Exported %1 of %2: %3</source>
        <translation>已导出 %1 / %2：%3</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n take(s)…</source>
        <translation>
            <numerusform>正在导出 %n 个片段…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export stopped: %1 of %2 take(s) written to %3; index.csv lists them.</source>
        <translation>导出已停止：%2 个片段中已有 %1 个写入 %3；index.csv 列出了它们。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n take(s) to %1: clips with their record embedded, JSON sidecars and index.csv.</source>
        <translation>
            <numerusform>已将 %n 个片段导出到 %1：内嵌生成记录的视频、JSON 附属文件和 index.csv。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) could not carry the record; it is in their sidecar.</source>
        <translation>
            <numerusform>%n 个视频无法内嵌记录；记录在其 JSON 附属文件中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export to %1 failed: %2</source>
        <translation>导出到 %1 失败：%2</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy the selected takes (or all shown) to a folder, with their records</source>
        <translation>把选中的片段（或全部显示的片段）连同生成记录复制到文件夹</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Move the selected takes&apos; clips to the system trash</source>
        <translation>把选中片段的视频移到系统回收站</translation>
    </message>
    <message>
        <source>Show on its board</source>
        <translation>在看板中显示</translation>
    </message>
    <message>
        <source>The library could not be read: %1</source>
        <translation>无法读取素材库：%1</translation>
    </message>
    <message>
        <source>No take matches these filters. Clear them to see every take.</source>
        <translation>没有片段符合这些筛选条件。清除筛选即可看到全部片段。</translation>
    </message>
    <message>
        <source>No takes yet. Write a prompt and press Ctrl+Enter: every clip a service delivers lands here with its prompt, seed and cost — the offline sim works without any key.</source>
        <translation>还没有片段。写下提示词并按 Ctrl+Enter：服务交付的每个视频都会连同提示词、种子和费用出现在这里 —— 离线的 sim 无需任何密钥。</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>素材库</translation>
    </message>
    <message>
        <source>&amp;Export takes…</source>
        <translation>导出片段(&amp;E)…</translation>
    </message>
    <message>
        <source>Copy the library&apos;s selected takes (or all shown) with their records</source>
        <translation>复制素材库中选中的片段（或全部显示的片段）及其生成记录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workbench — %1</source>
        <extracomment>Draws per model the first start selects (the launch contract: Ctrl+Enter gives 8 takes). Panes that plug into the window (each module has ``attach(window)``): comparing takes, the inspector, the library, statistics and prompt history.</extracomment>
        <translation>Workbench — %1</translation>
    </message>
    <message>
        <source>Default project</source>
        <translation>默认项目</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>生成(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message numerus="yes">
        <source>Collecting %n draw(s) left unfinished last time.</source>
        <translation>
            <numerusform>正在取回上次未完成的 %n 次抽卡。</numerusform>
        </translation>
    </message>
    <message>
        <source>Another Workbench (perhaps the command line) is running draws here; unfinished draws will be collected when it is done.</source>
        <translation>另一个 Workbench（可能是命令行）正在此处执行抽卡；它结束后会再取回未完成的抽卡。</translation>
    </message>
    <message numerus="yes">
        <source>%n draw(s) are still rendering on their services. Workbench collects them the next time it opens; nothing will be sent twice.</source>
        <translation>
            <numerusform>还有 %n 次抽卡正在服务端渲染。Workbench 下次打开时会自动取回，不会重复发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>Workbench</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <source>The library cannot be opened</source>
        <translation>无法打开素材库</translation>
    </message>
    <message>
        <source>Nothing was changed. Fix the cause, then open Workbench again.</source>
        <translation>没有做任何更改。请先解决问题，再重新打开 Workbench。</translation>
    </message>
    <message>
        <source>Run finished</source>
        <translation>本轮生成完成</translation>
    </message>
    <message>
        <source>%1 of %2 draws delivered, %3 failed.</source>
        <translation>%2 次抽卡中已交付 %1 次，失败 %3 次。</translation>
    </message>
    <message>
        <source>Send this draw again?</source>
        <translation>要重新发送这次抽卡吗？</translation>
    </message>
    <message>
        <source>Workbench cannot tell whether the service received this draw. Sending it again may pay for it twice; check the service&apos;s console first.</source>
        <translation>Workbench 无法确定服务是否已收到这次抽卡。重新发送可能会重复扣费，请先到服务商控制台确认。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Draw sent again.</source>
        <translation>已重新发送这次抽卡。</translation>
    </message>
    <message>
        <source>Asking the service about this draw again…</source>
        <translation>正在向服务重新查询这次抽卡…</translation>
    </message>
    <message numerus="yes">
        <source>Canceled %n draw(s).</source>
        <translation>
            <numerusform>已取消 %n 次抽卡。</numerusform>
        </translation>
    </message>
    <message>
        <source>Arrows	Move the current tile on the board</source>
        <translation>方向键	在看板上移动当前镜头</translation>
    </message>
    <message>
        <source>Enter	Open the current tile</source>
        <translation>Enter	打开当前镜头</translation>
    </message>
    <message>
        <source>Ctrl+wheel, Ctrl+= / Ctrl+-	Bigger or smaller tiles</source>
        <translation>Ctrl+滚轮、Ctrl+= / Ctrl+-	放大或缩小镜头</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About Workbench</source>
        <translation>关于 Workbench</translation>
    </message>
    <message>
        <source>Workbench %1 — one prompt, several video services, every draw kept.</source>
        <translation>Workbench %1 — 一条提示词，多个视频服务，每次抽卡都留存。</translation>
    </message>
</context>
<context>
    <name>ModeBar</name>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Every take of the board (G)</source>
        <translation>看板上的全部成片 (G)</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>聚焦</translation>
    </message>
    <message>
        <source>The current take, as large as the board (E, Enter)</source>
        <translation>当前成片，铺满看板 (E, 回车)</translation>
    </message>
    <message>
        <source>A/B</source>
        <translation>A/B</translation>
    </message>
    <message>
        <source>Two selected takes in one frame: wipe, fade, difference (C)</source>
        <translation>两个所选成片同框：划像、淡化、差异 (C)</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>The selected takes side by side, up to nine (N)</source>
        <translation>并排查看所选成片，最多九个 (N)</translation>
    </message>
    <message>
        <source>Blind  B</source>
        <translation>盲评  B</translation>
    </message>
    <message>
        <source>Hide service, model, seed and cost and shuffle the takes; the names come back when every take is rated (B)</source>
        <translation>隐藏服务、模型、种子和费用并打乱顺序；全部评分后恢复名称 (B)</translation>
    </message>
    <message>
        <source>Blind judging</source>
        <translation>盲评</translation>
    </message>
</context>
<context>
    <name>ModelRow</name>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>Clip length</source>
        <translation>片段时长</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Draws: how many takes of this model the run makes</source>
        <translation>抽卡次数：本轮用这个模型生成几条</translation>
    </message>
    <message>
        <source>Draws</source>
        <translation>抽卡次数</translation>
    </message>
    <message>
        <source>Estimated cost of this row&apos;s draws</source>
        <translation>这一行抽卡的预估费用</translation>
    </message>
    <message>
        <source>This model makes silent clips only</source>
        <translation>此模型只生成无声片段</translation>
    </message>
    <message>
        <source>This model always makes sound</source>
        <translation>此模型总是生成声音</translation>
    </message>
    <message>
        <source>Make sound with the video</source>
        <translation>随视频一起生成声音</translation>
    </message>
    <message>
        <source>deprecated · %1</source>
        <translation>即将停用 · %1</translation>
    </message>
    <message>
        <source>deprecated</source>
        <translation>即将停用</translation>
    </message>
    <message>
        <source>The service will retire this model</source>
        <translation>服务商将停用此模型</translation>
    </message>
    <message>
        <source>on or after %1</source>
        <translation>（%1 起）</translation>
    </message>
    <message>
        <source>Use %1 instead.</source>
        <translation>请改用 %1。</translation>
    </message>
    <message>
        <source>retired → %1</source>
        <translation>已停用 → %1</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Retired by the service</source>
        <translation>已被服务商停用</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>draws cannot be sent to it.</source>
        <translation>无法再向它发送抽卡。</translation>
    </message>
</context>
<context>
    <name>NotesBox</name>
    <message>
        <source>Add a note (Shift+N)…</source>
        <translation>添加备注（Shift+N）…</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
</context>
<context>
    <name>PromptCombo</name>
    <message>
        <source>#%1 · %2</source>
        <extracomment>Runs read to list recent prompts (newest first; each prompt listed once).</extracomment>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>Prompt #%1</source>
        <translation>提示词 #%1</translation>
    </message>
</context>
<context>
    <name>PromptCount</name>
    <message>
        <source>Prompt length</source>
        <translation>提示词长度</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 字</translation>
    </message>
    <message>
        <source>Choose models to see their prompt limits.</source>
        <translation>选择模型后可查看其提示词长度上限。</translation>
    </message>
    <message>
        <source>%1 · too long</source>
        <translation>%1 · 超出上限</translation>
    </message>
    <message>
        <source>Too long for %1.</source>
        <translation>超出 %1 的长度上限。</translation>
    </message>
    <message>
        <source>%1 · nearly full</source>
        <translation>%1 · 接近上限</translation>
    </message>
    <message>
        <source>Nearly at the limit of %1.</source>
        <translation>接近 %1 的长度上限。</translation>
    </message>
    <message>
        <source>Counted against the tightest limit, %1&apos;s.</source>
        <translation>按最严格的上限计算（%1）。</translation>
    </message>
    <message>
        <source>UTF-16 units</source>
        <translation>UTF-16 单位</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字</translation>
    </message>
    <message>
        <source>%1: %2 of %3 %4</source>
        <translation>%1：%2 / %3 %4</translation>
    </message>
</context>
<context>
    <name>PromptEdit</name>
    <message>
        <source>Describe the shot: subject, action, place, camera, light, style.
e.g. A small fox walks down a rainy neon street at night, slow push-in
例：雨夜霓虹街道，一只小狐狸慢慢走过，镜头缓缓推进</source>
        <extracomment>Share of a limit from which the count turns amber.</extracomment>
        <translation>描述这个镜头：主体、动作、场景、运镜、光线、风格。
例：雨夜霓虹街道，一只小狐狸慢慢走过，镜头缓缓推进</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
</context>
<context>
    <name>PromptPane</name>
    <message>
        <source>What to avoid (optional), e.g. blur, text, extra fingers</source>
        <extracomment>Below this width the two frame slots stack, so their messages have room to wrap. Typing settles for this long before ``sig_changed`` (planning on every key is waste).</extracomment>
        <translation>不希望出现的内容（可选），例如：模糊、文字、多余的手指</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>Avoid:</source>
        <translation>避免：</translation>
    </message>
    <message>
        <source>Negative prompt: what the clip should not show</source>
        <translation>反向提示词：画面中不应出现的内容</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <source>optional: the clip starts from this image</source>
        <translation>可选：视频从这张图片开始</translation>
    </message>
    <message>
        <source>Last frame</source>
        <translation>尾帧</translation>
    </message>
    <message>
        <source>optional: the clip ends on this image</source>
        <translation>可选：视频在这张图片结束</translation>
    </message>
</context>
<context>
    <name>ProviderPanel</name>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>This service runs on this computer and needs no key.</source>
        <translation>此服务在本机运行，无需密钥。</translation>
    </message>
    <message>
        <source>Also read from the environment: %1</source>
        <translation>也会从环境变量读取：%1</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Delete key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>Test key</source>
        <translation>测试密钥</translation>
    </message>
    <message>
        <source>Paste the key</source>
        <translation>粘贴密钥</translation>
    </message>
    <message>
        <source>Path to the JSON file</source>
        <translation>JSON 文件路径</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>How many draws this service renders at once</source>
        <translation>此服务同时渲染的抽卡数量</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <source>Draws at once</source>
        <translation>同时渲染</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>密钥：%1</translation>
    </message>
    <message>
        <source>Deleted from the keychain.</source>
        <translation>已从钥匙串中删除。</translation>
    </message>
    <message>
        <source>Saved in the keychain.</source>
        <translation>已保存到钥匙串。</translation>
    </message>
    <message>
        <source>The keychain did not accept the request.</source>
        <translation>钥匙串未能完成此操作。</translation>
    </message>
    <message>
        <source>This key comes from the environment</source>
        <translation>此密钥来自环境变量</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Testing the key with the service…</source>
        <translation>正在向服务验证密钥…</translation>
    </message>
    <message>
        <source>Service account file</source>
        <translation>服务账号文件</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Record of %1</source>
        <translation>%1 的生成记录</translation>
    </message>
    <message>
        <source>Recalled into the prompt editor and the services panel: %1.</source>
        <translation>已调回到提示词编辑器和服务面板：%1。</translation>
    </message>
    <message>
        <source>Nothing could be recalled into the editor from this record.</source>
        <translation>这条记录中没有可调回编辑器的内容。</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>favourite</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Judged</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>take %1, run %2, draw %3, prompt version %4</source>
        <translation>片段 %1，运行 %2，第 %3 抽，提示词第 %4 版</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原文件</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>有音频</translation>
    </message>
    <message>
        <source>no audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>未计费</translation>
    </message>
    <message>
        <source>charged %1</source>
        <translation>已计费 %1</translation>
    </message>
    <message>
        <source>estimated %1</source>
        <translation>预估 %1</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>Prompt</source>
        <extracomment>Characters of the prompt shown before it is cut (the whole text is in the tooltip). Rows left out while judging blind: each could tell which service made the take.</extracomment>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>参考帧</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Render time</source>
        <translation>生成用时</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>生成于</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>来历</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the clip&apos;s folder in the file manager</source>
        <translation>在文件管理器中显示片段所在的文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>RejectMenu</name>
    <message>
        <source>Why not a keeper?</source>
        <extracomment>Modifiers that still count as typing a key (Shift, Alt for mnemonics, the keypad).</extracomment>
        <translation>为什么不留用？</translation>
    </message>
</context>
<context>
    <name>RerollController</name>
    <message>
        <source>Nothing to reroll: pick a tile that has a take (Retry resends a failed one).</source>
        <translation>没有可重抽的：请选一个已有片段的镜头（失败的抽卡请用“重试”重新发送）。</translation>
    </message>
    <message numerus="yes">
        <source>Rerolling take %1: %n new draw(s), same spec, new seeds.</source>
        <translation>
            <numerusform>重抽片段 %1：新抽 %n 次，规格相同，种子不同。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation>未发送任何内容：%1</translation>
    </message>
    <message>
        <source>Over budget</source>
        <translation>超出预算</translation>
    </message>
    <message numerus="yes">
        <source>%n new draw(s) would go over your budget of $%1.</source>
        <translation>
            <numerusform>新抽 %n 次将超出你的预算 $%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Nothing has been sent yet.</source>
        <translation>目前还没有发送任何内容。</translation>
    </message>
    <message>
        <source>Nothing was sent (over budget).</source>
        <translation>未发送任何内容（超出预算）。</translation>
    </message>
    <message>
        <source>Nothing to recall: pick a tile on the board.</source>
        <translation>没有可调回的：请在看板上选一个镜头。</translation>
    </message>
    <message>
        <source>Recalled the prompt only: %1 cannot be checked in the services panel.</source>
        <translation>只调回了提示词：服务面板中无法勾选 %1。</translation>
    </message>
    <message>
        <source>Recalled, but seed %1 does not fit the seed box; the row keeps its own.</source>
        <translation>已调回，但种子 %1 超出种子框的范围；该行保留原来的种子。</translation>
    </message>
    <message>
        <source>Recalled draw #%1 of %2 (seed %3): edit the prompt and Generate.</source>
        <translation>已调回 %2 的第 #%1 抽（种子 %3）：修改提示词后点击生成。</translation>
    </message>
</context>
<context>
    <name>SeedControls</name>
    <message>
        <source>no seed</source>
        <extracomment>QSpinBox holds a signed 32-bit int; seeds above that are entered as their lower range.</extracomment>
        <translation>无种子</translation>
    </message>
    <message>
        <source>This model takes no seed: every draw is random and cannot be repeated.</source>
        <translation>此模型不支持种子：每次抽卡都是随机的，无法复现。</translation>
    </message>
    <message>
        <source>random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>fixed seed</source>
        <translation>固定种子</translation>
    </message>
    <message>
        <source>seed sequence</source>
        <translation>递增种子</translation>
    </message>
    <message>
        <source>Random: a new seed for every draw. Fixed: the same seed for every draw. Sequence: seed, seed+1, seed+2, …</source>
        <translation>随机：每次抽卡用新的种子。固定：每次抽卡用同一个种子。递增：种子、种子+1、种子+2……</translation>
    </message>
    <message>
        <source>Seed policy</source>
        <translation>种子策略</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>The seed (the first one of a sequence)</source>
        <translation>种子（递增时为第一个种子）</translation>
    </message>
</context>
<context>
    <name>ServiceGroup</name>
    <message>
        <source>Show or hide %1&apos;s models</source>
        <translation>显示或隐藏 %1 的模型</translation>
    </message>
    <message>
        <source>key missing — set…</source>
        <translation>缺少密钥 — 去设置…</translation>
    </message>
    <message>
        <source>no key needed</source>
        <translation>无需密钥</translation>
    </message>
    <message>
        <source>No API key for %1. Open Settings to set one</source>
        <translation>%1 没有 API 密钥。请打开设置填写</translation>
    </message>
    <message>
        <source>, or set %1.</source>
        <translation>，或设置环境变量 %1。</translation>
    </message>
    <message>
        <source>key set</source>
        <translation>密钥已设置</translation>
    </message>
    <message>
        <source>The key comes from %1.</source>
        <translation>密钥来自 %1。</translation>
    </message>
    <message>
        <source>%1 of %2 models checked</source>
        <translation>已选 %1/%2 个模型</translation>
    </message>
</context>
<context>
    <name>ServicesPane</name>
    <message>
        <source>Estimated cost of the run</source>
        <extracomment>The launch contract: a first start draws from these two sim models.</extracomment>
        <translation>本轮预估费用</translation>
    </message>
    <message>
        <source>Check at least one model to draw from.</source>
        <translation>请至少勾选一个模型。</translation>
    </message>
    <message>
        <source>No API key for %1 — set one in Settings.</source>
        <translation>%1 没有 API 密钥 — 请在设置中填写。</translation>
    </message>
    <message>
        <source>1 draw</source>
        <translation>抽 1 次</translation>
    </message>
    <message>
        <source>%1 draws</source>
        <translation>抽 %1 次</translation>
    </message>
    <message>
        <source>est. %1 · %2</source>
        <translation>预估 %1 · %2</translation>
    </message>
    <message>
        <source>over budget (%1)</source>
        <translation>超出预算（%1）</translation>
    </message>
    <message>
        <source>List prices; the service&apos;s own bill may differ.</source>
        <translation>按公开价目估算，实际以服务商账单为准。</translation>
    </message>
    <message>
        <source>Over the budget: you will be asked before anything is sent.</source>
        <translation>超出预算：发送前会先征求你的确认。</translation>
    </message>
    <message>
        <source>No list price known for this choice.</source>
        <translation>此选项暂无公开价格。</translation>
    </message>
    <message>
        <source>%1/clip</source>
        <translation>%1/条</translation>
    </message>
    <message>
        <source>List price per clip.</source>
        <translation>每条片段的公开价格。</translation>
    </message>
    <message>
        <source>≈%1/s</source>
        <translation>≈%1/秒</translation>
    </message>
    <message>
        <source>Priced per 1,000 tokens (%1); about %2 per second at %3 %4.</source>
        <translation>按每千 token 计价（%1）；在 %3 %4 下约合每秒 %2。</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>List price per second of video at %1.</source>
        <translation>%1 下每秒视频的公开价格。</translation>
    </message>
    <message>
        <source>This price is not confirmed by the service&apos;s own price list.</source>
        <translation>此价格未经服务商官方价目表确认。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>Narrowest a service page gets: a base URL and the Kling hint stay readable.</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>密钥：%1</translation>
    </message>
</context>
<context>
    <name>SettingsFlow</name>
    <message>
        <source>Key saved in the system keychain.</source>
        <translation>密钥已保存到系统钥匙串。</translation>
    </message>
    <message>
        <source>Key removed from the system keychain.</source>
        <translation>密钥已从系统钥匙串中删除。</translation>
    </message>
    <message>
        <source>The new language applies the next time Workbench starts.</source>
        <translation>新语言将在下次启动 Workbench 时生效。</translation>
    </message>
</context>
<context>
    <name>SettingsTexts</name>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>No key needed</source>
        <translation>无需密钥</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Set (keychain)</source>
        <translation>已设置（钥匙串）</translation>
    </message>
    <message>
        <source>Set (environment %1)</source>
        <translation>已设置（环境变量 %1）</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Access Key</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Secret Key</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Service account file</source>
        <translation>服务账号文件</translation>
    </message>
    <message>
        <source>Enter an access key with its secret key, or an API key.</source>
        <translation>填写 Access Key 及其 Secret Key，或者填写 API 密钥。</translation>
    </message>
    <message>
        <source>Fill in one way of signing in; leave the rest empty.</source>
        <translation>任选一种认证方式填写，其余留空。</translation>
    </message>
    <message>
        <source>Type a key first.</source>
        <translation>请先输入密钥。</translation>
    </message>
    <message>
        <source>An access key and its secret key are saved together: enter both.</source>
        <translation>Access Key 与 Secret Key 需要一起保存，请同时填写。</translation>
    </message>
    <message>
        <source>There is no system keychain to save the key in. Set %1 in the environment instead, or start a keychain (for example GNOME Keyring) and try again.</source>
        <translation>系统中没有可用的钥匙串来保存密钥。请改为设置环境变量 %1，或启动钥匙串服务（例如 GNOME Keyring）后重试。</translation>
    </message>
    <message>
        <source>There is no system keychain to save the key in. Start a keychain (for example GNOME Keyring) and try again.</source>
        <translation>系统中没有可用的钥匙串来保存密钥。请启动钥匙串服务（例如 GNOME Keyring）后重试。</translation>
    </message>
    <message>
        <source>Not a web address: it must start with https:// and name a host.</source>
        <translation>这不是有效的网址：必须以 https:// 开头并包含主机名。</translation>
    </message>
    <message>
        <source>Only https:// is allowed, except for this computer (http://127.0.0.1 or http://localhost): keys must not travel unencrypted.</source>
        <translation>只允许 https:// 地址（本机 http://127.0.0.1 或 http://localhost 除外）：密钥不能以明文传输。</translation>
    </message>
    <message>
        <source>The key works.</source>
        <translation>密钥可用。</translation>
    </message>
    <message>
        <source>The service refused the key.</source>
        <translation>服务拒绝了此密钥。</translation>
    </message>
    <message>
        <source>Could not reach the service.</source>
        <translation>无法连接到服务。</translation>
    </message>
    <message>
        <source>The test failed.</source>
        <translation>测试失败。</translation>
    </message>
</context>
<context>
    <name>StarBar</name>
    <message numerus="yes">
        <source>%n star(s) (key %1)</source>
        <translation>
            <numerusform>%n 星（按键 %1）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n star(s)</source>
        <translation>
            <numerusform>%n 星</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatsCharts</name>
    <message>
        <source>Hit rate — keepers per draw</source>
        <translation>留用率 — 每次抽卡的留用数</translation>
    </message>
    <message>
        <source>Cost per keeper — charged spend ÷ keepers</source>
        <translation>单个留用成本 — 扣费 ÷ 留用数</translation>
    </message>
    <message>
        <source>Failed draws by kind</source>
        <translation>失败的抽卡（按类型）</translation>
    </message>
    <message>
        <source>Why takes were not kept — reason chips</source>
        <translation>片段为何不留用 — 原因标签</translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation>%1 · %3 次中留用 %2</translation>
    </message>
    <message>
        <source>Longer is better: more keepers from each draw.</source>
        <translation>越长越好：每次抽卡留下的片段更多。</translation>
    </message>
    <message>
        <source>Shorter is better. No keeper yet: %1.</source>
        <translation>越短越好。尚无留用：%1。</translation>
    </message>
    <message>
        <source>Shorter is better.</source>
        <translation>越短越好。</translation>
    </message>
    <message>
        <source>%1 of %2 failed</source>
        <translation>%2 次中失败 %1 次</translation>
    </message>
    <message>
        <source>No draw failed.</source>
        <translation>没有失败的抽卡。</translation>
    </message>
    <message>
        <source>Failed draws are counted as draws; most are not charged.</source>
        <translation>失败的抽卡也计入抽卡次数；大多不扣费。</translation>
    </message>
    <message>
        <source>No reason chips yet: press X on a take to say why it was not kept.</source>
        <translation>还没有原因标签：在片段上按 X 说明为什么不留用。</translation>
    </message>
    <message>
        <source>All services together; the table splits them per model.</source>
        <translation>所有服务合计；下方表格按模型分列。</translation>
    </message>
</context>
<context>
    <name>StatsFilterBar</name>
    <message>
        <source>All prompts</source>
        <extracomment>Periods offered, in order; custom shows two dates.</extracomment>
        <translation>全部提示词</translation>
    </message>
    <message>
        <source>Count the draws of one prompt (all its versions)</source>
        <translation>只统计一个提示词（含其全部版本）的抽卡</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>指定日期…</translation>
    </message>
    <message>
        <source>First day counted</source>
        <translation>统计的第一天</translation>
    </message>
    <message>
        <source>Last day counted (included)</source>
        <translation>统计的最后一天（含当天）</translation>
    </message>
    <message>
        <source>All ratings</source>
        <translation>全部评分</translation>
    </message>
    <message>
        <source>Every rating counts</source>
        <translation>所有评分都计入</translation>
    </message>
    <message>
        <source>Rated blind</source>
        <translation>盲评</translation>
    </message>
    <message>
        <source>Only takes rated while service and model were hidden: the fairest comparison, since no name sways the stars</source>
        <translation>只计隐藏服务和模型时评分的片段：名字影响不了星级，比较最公平</translation>
    </message>
    <message>
        <source>Rated sighted</source>
        <translation>明评</translation>
    </message>
    <message>
        <source>Draws whose take was not rated blind (with the names in view)</source>
        <translation>片段不是盲评的抽卡（评分时能看到名字）</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Ratings:</source>
        <translation>评分：</translation>
    </message>
</context>
<context>
    <name>StatsPane</name>
    <message>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Show all draws</source>
        <extracomment>Pause after the last finished run or judgement before reading again. Filters whose answers are kept.</extracomment>
        <translation>显示全部抽卡</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n draw(s)</source>
        <translation>
            <numerusform>抽卡 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keeper(s)</source>
        <translation>
            <numerusform>留用 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>hit rate %1</source>
        <translation>留用率 %1</translation>
    </message>
    <message>
        <source>%1 spent</source>
        <translation>花费 %1</translation>
    </message>
    <message>
        <source>%1 per keeper</source>
        <translation>每个留用 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>失败 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to count yet</source>
        <translation>还没有可统计的抽卡</translation>
    </message>
    <message>
        <source>Here every draw is counted per service and model: how many takes you kept, what each keeper cost, how long renders took and why draws failed.

Write a prompt and press Ctrl+Enter to draw takes (the offline Sim service needs no key), then rate them with 1–5 or mark favourites with F: a keeper is a take with 4–5 stars or a favourite.</source>
        <translation>这里按服务和模型统计每一次抽卡：留下了多少片段、每个留用花了多少钱、渲染用了多久、失败原因是什么。

写下提示词并按 Ctrl+Enter 抽卡（离线的 Sim 服务无需密钥），然后用 1–5 评分或按 F 收藏：评为 4–5 星或已收藏的片段即为留用。</translation>
    </message>
    <message>
        <source>No take here was rated blind</source>
        <translation>这里没有盲评过的片段</translation>
    </message>
    <message>
        <source>Turn on Blind on the board to hide service and model names, then rate: those ratings are counted here, free of what each name promises.</source>
        <translation>在看板上打开盲评，隐藏服务和模型名称后再评分：这些评分会计入这里，不受名气影响。</translation>
    </message>
    <message>
        <source>No draw matches these filters</source>
        <translation>没有符合这些条件的抽卡</translation>
    </message>
    <message>
        <source>Choose another prompt or a longer period, or show every draw.</source>
        <translation>换一个提示词或更长的时间段，或显示全部抽卡。</translation>
    </message>
</context>
<context>
    <name>StatsTableModel</name>
    <message>
        <source>Service</source>
        <extracomment>Column keys in order; the raw value of each comes from :data:`_RAW`.</extracomment>
        <translation>服务</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Draws</source>
        <translation>抽卡</translation>
    </message>
    <message>
        <source>Keepers</source>
        <translation>留用</translation>
    </message>
    <message>
        <source>Hit rate</source>
        <translation>留用率</translation>
    </message>
    <message>
        <source>Draws per keeper</source>
        <translation>每个留用抽卡数</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>Cost per keeper</source>
        <translation>单个留用成本</translation>
    </message>
    <message>
        <source>Median render</source>
        <translation>渲染中位数</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Failures by kind</source>
        <translation>失败类型</translation>
    </message>
    <message>
        <source>Reason chips</source>
        <translation>原因标签</translation>
    </message>
    <message>
        <source>Takes rated 4–5 stars or marked favourite</source>
        <translation>评为 4–5 星或已收藏的片段</translation>
    </message>
    <message>
        <source>Keepers per draw</source>
        <translation>每次抽卡的留用数</translation>
    </message>
    <message>
        <source>How many draws it took, on average, for one keeper</source>
        <translation>平均要抽几次才得到一个留用片段</translation>
    </message>
    <message>
        <source>What the services charged for these draws</source>
        <translation>服务为这些抽卡实际扣的费用</translation>
    </message>
    <message>
        <source>Charged spend divided by keepers</source>
        <translation>扣费除以留用数</translation>
    </message>
    <message>
        <source>Half of the delivered draws rendered faster than this</source>
        <translation>一半交付的抽卡渲染得比这更快</translation>
    </message>
    <message>
        <source>Why takes were not kept, as marked in the inspector</source>
        <translation>在检查器中标记的不留用原因</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>next run: est. $%1</source>
        <extracomment>How long a sentence stays (ms); the tally and engine state stay for good.</extracomment>
        <translation>下一轮：预估 $%1</translation>
    </message>
    <message numerus="yes">
        <source>%n rendering</source>
        <translation>
            <numerusform>%n 个渲染中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n 个完成</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
    <message>
        <source>spent $%1 of $%2 est.</source>
        <translation>已花费 $%1 / 预估 $%2</translation>
    </message>
    <message numerus="yes">
        <source>engine busy · %n draw(s)</source>
        <translation>
            <numerusform>引擎忙 · %n 次抽卡</numerusform>
        </translation>
    </message>
    <message>
        <source>engine stopping</source>
        <translation>引擎正在停止</translation>
    </message>
    <message>
        <source>engine idle</source>
        <translation>引擎空闲</translation>
    </message>
</context>
<context>
    <name>TagBox</name>
    <message>
        <source>Add a tag (T)…</source>
        <translation>添加标签（T）…</translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Remove the tag “%1”</source>
        <translation>去掉标签“%1”</translation>
    </message>
</context>
<context>
    <name>TakeActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;1 star</source>
        <translation>1 星(&amp;1)</translation>
    </message>
    <message>
        <source>&amp;2 stars</source>
        <translation>2 星(&amp;2)</translation>
    </message>
    <message>
        <source>&amp;3 stars</source>
        <translation>3 星(&amp;3)</translation>
    </message>
    <message>
        <source>&amp;4 stars</source>
        <translation>4 星(&amp;4)</translation>
    </message>
    <message>
        <source>&amp;5 stars</source>
        <translation>5 星(&amp;5)</translation>
    </message>
    <message>
        <source>&amp;Clear rating</source>
        <translation>清除评分(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Favourite</source>
        <translation>收藏(&amp;F)</translation>
    </message>
    <message>
        <source>Mark or unmark the current take as a favourite</source>
        <translation>收藏或取消收藏当前片段</translation>
    </message>
    <message>
        <source>&amp;Pick (favourite)</source>
        <translation>选用（收藏）(&amp;P)</translation>
    </message>
    <message>
        <source>Lightroom&apos;s pick key: the same as Favourite</source>
        <translation>Lightroom 的“选用”键：与收藏相同</translation>
    </message>
    <message>
        <source>Re&amp;ject with a reason…</source>
        <translation>标记不留用的原因…(&amp;J)</translation>
    </message>
    <message>
        <source>Choose why the current take is not a keeper</source>
        <translation>选择当前片段不留用的原因</translation>
    </message>
    <message>
        <source>Add a &amp;tag…</source>
        <translation>添加标签…(&amp;T)</translation>
    </message>
    <message>
        <source>Add a &amp;note…</source>
        <translation>添加备注…(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reroll</source>
        <translation>重抽(&amp;R)</translation>
    </message>
    <message>
        <source>Draw the current take again: same spec, a new seed</source>
        <translation>重抽当前片段：规格相同，换一个种子</translation>
    </message>
    <message>
        <source>Reroll the &amp;row</source>
        <translation>重抽整行(&amp;W)</translation>
    </message>
    <message>
        <source>As many new draws as the row has takes, from the current take&apos;s spec</source>
        <translation>按当前片段的规格重抽，次数等于这一行的片段数</translation>
    </message>
    <message>
        <source>Re&amp;call into the editor</source>
        <translation>调回编辑器(&amp;C)</translation>
    </message>
    <message>
        <source>Load the current draw&apos;s prompt, service, spec and seed back to edit and generate again</source>
        <translation>把当前抽卡的提示词、服务、规格和种子调回，修改后再次生成</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>Open the folder of the current take&apos;s clip</source>
        <translation>打开当前片段所在的文件夹</translation>
    </message>
    <message>
        <source>&amp;Take</source>
        <translation>片段(&amp;T)</translation>
    </message>
    <message>
        <source>R&amp;ate</source>
        <translation>评分(&amp;A)</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>Check again</source>
        <extracomment>Playing tiles (compare views): job id → the frame to paint instead of the poster.</extracomment>
        <translation>重新查询</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Queued</source>
        <extracomment>States whose tile shows time passing (and so needs a repaint every second). State → icon name in resources/icons.</extracomment>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Queued at service</source>
        <translation>服务端排队中</translation>
    </message>
    <message>
        <source>Rendering</source>
        <translation>渲染中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Sent — no answer; checking</source>
        <translation>已发送 — 暂无响应，正在查询</translation>
    </message>
    <message>
        <source>Unknown state</source>
        <translation>未知状态</translation>
    </message>
    <message>
        <source>No poster</source>
        <translation>无封面</translation>
    </message>
    <message>
        <source>Refused by moderation</source>
        <translation>未通过内容审核</translation>
    </message>
    <message>
        <source>Out of credit or rate-limited</source>
        <translation>余额不足或被限流</translation>
    </message>
    <message>
        <source>Key rejected</source>
        <translation>密钥被拒绝</translation>
    </message>
    <message>
        <source>Settings rejected</source>
        <translation>参数被拒绝</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Service error</source>
        <translation>服务出错</translation>
    </message>
    <message>
        <source>Could not reach the service</source>
        <translation>无法连接服务</translation>
    </message>
    <message>
        <source>No result in time</source>
        <translation>超时未出结果</translation>
    </message>
    <message>
        <source>Sent — no answer</source>
        <translation>已发送 — 无响应</translation>
    </message>
    <message>
        <source>Model retired</source>
        <translation>模型已停用</translation>
    </message>
    <message>
        <source>The service&apos;s content filter refused this draw.</source>
        <translation>服务的内容审核拒绝了这次抽卡。</translation>
    </message>
    <message>
        <source>The service&apos;s rate limit or balance stopped this draw.</source>
        <translation>服务限流或余额不足，这次抽卡未能完成。</translation>
    </message>
    <message>
        <source>The service did not accept the API key.</source>
        <translation>服务不接受此 API 密钥。</translation>
    </message>
    <message>
        <source>The service rejected the request&apos;s settings.</source>
        <translation>服务拒绝了本次请求的参数。</translation>
    </message>
    <message>
        <source>The job or its download link expired before the clip was saved.</source>
        <translation>片段保存之前，任务或其下载链接已过期。</translation>
    </message>
    <message>
        <source>The service failed to make or deliver this draw.</source>
        <translation>服务未能生成或交付这次抽卡。</translation>
    </message>
    <message>
        <source>Workbench could not reach the service.</source>
        <translation>Workbench 无法连接到服务。</translation>
    </message>
    <message>
        <source>The service did not finish before the deadline.</source>
        <translation>服务未在时限内完成。</translation>
    </message>
    <message>
        <source>It is unknown whether the service received this draw.</source>
        <translation>无法确定服务是否收到了这次抽卡。</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>no seed</source>
        <translation>无种子</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}%</translation>
    </message>
    <message>
        <source>The service said: {text}</source>
        <translation>服务返回：{text}</translation>
    </message>
    <message>
        <source>Service status: {status}</source>
        <translation>服务状态：{status}</translation>
    </message>
    <message>
        <source>estimated {cost}</source>
        <translation>预估 {cost}</translation>
    </message>
    <message>
        <source>charged {cost}</source>
        <translation>实扣 {cost}</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>未扣费</translation>
    </message>
    <message>
        <source>rendered in {seconds} s</source>
        <translation>渲染用时 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Go to start (Home)</source>
        <translation>回到开头 (Home)</translation>
    </message>
    <message>
        <source>One frame back (, or ←)</source>
        <translation>后退一帧（, 或 ←）</translation>
    </message>
    <message>
        <source>Play the selected takes (Space)</source>
        <translation>播放所选成片（空格）</translation>
    </message>
    <message>
        <source>One frame forward (. or →)</source>
        <translation>前进一帧（. 或 →）</translation>
    </message>
    <message>
        <source>Go to the end (End)</source>
        <translation>跳到结尾 (End)</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Loop (L)</source>
        <translation>循环 (L)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停（空格）</translation>
    </message>
</context>
<context>
    <name>TrashFlow</name>
    <message numerus="yes">
        <source>Delete %n take(s)?</source>
        <translation>
            <numerusform>删除 %n 个片段？</numerusform>
        </translation>
    </message>
    <message>
        <source>The clips go to the system trash, where you can still restore them. The draws stay counted in the statistics.</source>
        <translation>视频会移到系统回收站，仍可从那里恢复。这些抽卡依然计入统计。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s).</source>
        <translation>
            <numerusform>已删除 %n 个片段。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted: %1</source>
        <translation>未删除任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s), but the system trash refused %1 file(s); they are still in the library folder: %2</source>
        <translation>
            <numerusform>已删除 %n 个片段，但系统回收站拒收 %1 个文件；它们仍在素材库文件夹中：%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n take(s); their clips are in the system trash.</source>
        <translation>
            <numerusform>已删除 %n 个片段；视频已移到系统回收站。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionsTree</name>
    <message>
        <source>Version</source>
        <extracomment>Item data role holding a row&apos;s version id. Columns holding numbers (right-aligned, tabular figures).</extracomment>
        <translation>版本</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Draws</source>
        <translation>抽卡</translation>
    </message>
    <message>
        <source>Keepers</source>
        <translation>留用</translation>
    </message>
    <message>
        <source>Hit rate</source>
        <translation>留用率</translation>
    </message>
    <message>
        <source>Cost per keeper</source>
        <translation>单个留用成本</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>Negative: %1</source>
        <translation>反向：%1</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Settings not read</source>
        <translation>未能读取设置</translation>
    </message>
    <message>
        <source>%1
Workbench started with default settings.</source>
        <translation>%1
Workbench 已使用默认设置启动。</translation>
    </message>
</context>
</TS>

/** The front ends' words in Simplified Chinese (docs/i18n-glossary.md). */
import type { Catalog } from '../lib/message.ts';
import type { SurfaceMessages } from './surface.ts';
import { cloudStateZh } from './states.ts';

const DECISION: Record<string, string> = { approve: '批准', reject: '拒绝', cancel: '取消' };
const RESULT: Record<string, string> = { accepted: '已受理', refused: '被拒绝', unknown: '结果未知' };

export const surfaceZh: Catalog<SurfaceMessages> = {
  'ui.request.title': (p) => `重跑请求 ${p.id}`,
  'ui.request.asks': (p, f) =>
    `${f.user(p.requester)} 申请在 ${f.code(p.target)}（${f.msg(p.provider)}）上重跑：\n${f.msg(p.summary)}`,
  'ui.request.preview': (_p, f) => f.strong('预览'),
  'ui.request.item': (p, f) => {
    const details = p.details.length ? `——${p.details.map((d) => f.msg(d)).join('，')}` : '';
    const why = p.reason ? f.msg(p.reason) : '不符合条件';
    const verdict = p.eligible ? '将发送' : `不发送：${why}${p.ids ? `（${f.msg(p.ids)}）` : ''}`;
    return `• ${f.code(p.id)}${p.name ? ` ${p.name}` : ''} ${f.strong(cloudStateZh(p.state))}${details} → ${verdict}`;
  },
  'ui.request.more': (p, f) => `……另有 ${f.number(p.count)} 项`,
  'ui.request.call': (_p, f) => f.strong('批准后将向云服务发起的调用'),
  'ui.request.moreCalls': (p, f) => `……另有 ${f.number(p.count)} 个同样格式的调用`,
  'ui.request.policy': (p, f) => {
    const who =
      p.approval === 'confirm'
        ? '申请人或任何人都可以确认'
        : p.approval === 'peer'
          ? '除申请人外任何人都可以批准'
          : `需要 ${f.list(p.approvers)} 中的 ${f.number(p.minApprovals)} 人批准（申请人除外）`;
    const when = p.expired
      ? `已于 ${f.date(p.expiresAt)} 过期`
      : `${f.relative(p.expiresAt)}过期（${f.date(p.expiresAt)}）`;
    const unless = p.expired
      ? ''
      : p.onTimeout === 'approve'
        ? ' · 到期前无人审批将由策略自动批准'
        : p.onTimeout === 'reject'
          ? ' · 到期前无人审批将由策略自动拒绝'
          : '';
    return `审批策略 ${f.strong(p.approval)}：${who} · ${when}${unless}`;
  },
  'ui.request.state': (p, f) => f.strong(f.msg(p.story)),
  'ui.request.decision': (p, f) => `${f.user(p.user)} 于 ${f.date(p.at)} ${DECISION[p.kind] ?? p.kind}`,
  'ui.request.reason': (p) => `原因：${p.reason}`,
  'ui.request.glass': (p, f) =>
    `紧急批准：申请人 ${f.user(p.by)} 于 ${f.date(p.at)} 在没有第二人审批的情况下自行批准。原因：${p.reason}。${p.reviewer && p.reviewedAt ? `已由 ${f.user(p.reviewer)} 于 ${f.date(p.reviewedAt)} 复核。` : '尚未复核：请审批人复核。'}`,
  'ui.button.breakGlass': () => '紧急批准…',
  'ui.button.review': () => '复核',
  'ui.glass.title': () => '紧急批准',
  'ui.glass.intro': (p, f) =>
    `您将在没有第二人审批的情况下批准自己在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)}。请求会立即发送，并连同原因在消息线程和公告频道中公告，之后由审批人复核。`,
  'ui.glass.reason': () => '原因',
  'ui.glass.reasonHint': (p, f) =>
    p.pattern ? `与 ${f.code(p.pattern)} 匹配的事件编号。` : '为什么不能等待第二人审批。',
  'ui.glass.confirm': () => '我确认在没有第二人审批的情况下批准自己的请求，并知悉该操作会被公告和复核。',
  'ui.glass.confirmBox': () => '是的，我确认',
  'ui.glass.submit': () => '紧急批准',
  'ui.form.reason': () => '原因',
  'ui.form.reasonHint': (p, f) =>
    (p.missing ? '缺少此项：此目标的策略要求填写原因。' : '') +
    (p.pattern
      ? `必填：与 ${f.code(p.pattern)} 匹配的事件编号。`
      : p.required
        ? '必填：重跑的原因。'
        : '选填：重跑的原因。'),
  'ui.console.glassConfirm': (p, f) =>
    `紧急批准 ${f.code(p.id)}（${f.code(p.target)}）：您将在没有第二人审批的情况下批准自己的请求；该操作会被公告，并由审批人复核。输入 ${f.code('yes')} 确认，输入其他内容则取消。`,
  'ui.console.glassStopped': (p, f) => `已取消对 ${f.code(p.id)} 的紧急批准，未做任何更改。`,
  'ui.request.decisionByPolicy': (p, f) =>
    `无人按时审批，策略 ${f.code(p.policy)} 于 ${f.date(p.at)} 超时${DECISION[p.kind] ?? p.kind}`,
  'ui.request.emulated': () => '此目标连接的是内置模拟器：不会访问真实的云服务。',
  'ui.request.outcomeItem': (p, f) =>
    `• ${f.code(p.id)} ${RESULT[p.result] ?? p.result}${p.reason ? `：${f.msg(p.reason)}` : ''}`,
  'ui.request.ids': (p, f) =>
    [p.code && `错误码 ${f.code(p.code)}`, p.requestId && `云服务请求 ID ${f.code(p.requestId)}`]
      .filter(Boolean)
      .join(' · '),
  'ui.request.checkStatus': (p, f) => `请用 ${f.command(`status ${p.id}`)} 查看作业状态。`,
  'ui.request.after': (p, f) => `刚刚读取的状态：${p.items.map((i) => f.msg(i)).join('，')}。`,
  'ui.request.afterError': (p, f) => `当前状态也无法读取（${f.msg(p.error)}）。`,
  'ui.request.superseded': (p, f) =>
    `这是 ${f.code(p.target)} 上重跑请求 ${f.code(p.id)} 的重复消息，按钮已移除。请在该重跑请求的原消息上审批、拒绝或查看进展。`,
  'ui.request.supersededLink': () => '查看该重跑请求的消息',
  'ui.request.fallback': (p, f) => `${f.user(p.requester)} 在 ${p.target} 上的重跑请求 ${p.id}：${f.msg(p.story)}`,
  'ui.status.item': (p, f) => `${f.code(p.id)}：${cloudStateZh(p.state)}${p.detail ? `（${f.msg(p.detail)}）` : ''}`,
  'ui.button.approve': () => '批准',
  'ui.button.reject': () => '拒绝',
  'ui.button.cancel': () => '取消',
  'ui.button.askAgain': () => '重新申请',
  'ui.button.rerunAlert': () => '重跑…',
  'ui.button.rerunAgain': () => '再次重跑…',
  'ui.button.rerunRemainder': (p, f) => `重跑其余 ${f.number(p.count)} 项…`,
  'ui.alert.offer': (p, f) => {
    const what = p.items.length ? `（${f.list(p.items.map((i) => f.code(i)))}）` : '';
    const missing = p.missing.length ? `表单还需填写 ${f.list(p.missing.map((k) => f.code(k)))}。` : '';
    return `此告警匹配 ${f.code(p.target)}（${f.msg(p.provider)}）上的重跑${what}。点击 ${f.strong('重跑…')} 打开已按告警填好的表单，审批请求将发在此消息列中。${missing}`;
  },
  'ui.alert.open': (p, f) => `此告警匹配 ${f.code(p.target)} 上的重跑，但：${f.msg(p.open)}`,
  'ui.alert.openLink': () => '查看该重跑请求',
  'ui.alert.unknown': (p, f) =>
    p.rules.length
      ? `在告警的消息列中提及我时，我为匹配以下规则的告警提供重跑：\n${p.rules.map((r) => f.msg(r)).join('\n')}`
      : `未配置告警规则，因此我不为告警提供重跑。请改用 ${f.command('')}。`,
  'ui.alert.rule': (p, f) => `• 在 ${f.code(p.channel)}：${f.code(p.pattern)} → ${f.code(p.target)}`,
  'ui.alert.count': (p) => `已收到 ${p.count} 次：相同的告警都在此答复。`,
  'ui.digest.header': (p, f) =>
    `${f.strong(`${p.alerts} 条告警`)}来得太快，无法逐条在各自的消息列中答复，现汇总于此（其中 ${p.replies} 条不同）。请选择要重跑的项；审批请求将发布在本消息的消息列中（只选一项时，发布在该告警的消息列中）。`,
  'ui.digest.target': (p, f) => `${f.code(p.target)}（${f.msg(p.provider)}）`,
  'ui.digest.item': (p, f) => `• ${p.items.map((i) => f.code(i)).join('、')}${p.count > 1 ? ` ×${p.count}` : ''}`,
  'ui.digest.pick': () => '要重跑的项',
  'ui.button.rerunSelected': () => '重跑所选…',
  'ui.approvers.call': (p, f) =>
    `${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 正在等待您审批（需要 ${f.number(p.min)} 人批准），请查看上方消息。`,
  'ui.help.intro': (_p, f) =>
    [
      `${f.strong(f.command(''))} 在有人批准后重跑失败的云上作业。`,
      `• ${f.command('')} 打开表单`,
      `• ${f.command('<target> key=value …')} 直接申请（含空格的值请加引号；列表用逗号分隔）`,
      `• ${f.command('status <request-id>')} · ${f.command('cancel <request-id>')} · ${f.command('history [target] [n]')} · ${f.command('pending')}`,
    ].join('\n'),
  'ui.help.noTargets': () => '您不能在此频道申请重跑任何目标。',
  'ui.help.target': (p, f) =>
    [
      `${f.strong(p.id)}——${f.msg(p.provider)}`,
      f.msg(p.summary),
      `参数：${p.keys.map((k) => f.msg(k)).join('，')}`,
      ...p.cases.map((c) => f.msg(c)),
      ...p.examples.map((e) => f.command(e)),
    ].join('\n'),
  'ui.help.key': (p, f) => {
    const left = p.optional ? `可选${p.default !== undefined ? `，默认 ${f.code(p.default)}` : ''}` : '';
    const notes = [p.values.map((v) => f.code(v)).join(' | '), left].filter(Boolean).join('；');
    const or = p.or.length ? `，或改为 ${p.or.map((k) => f.code(k)).join(' + ')}` : '';
    return `${f.code(p.key)}${notes ? `（${notes}）` : ''}${or}`;
  },
  'ui.help.case': (p, f) =>
    `${f.code(`${p.key}=${p.values.join('|')}`)}${p.isDefault ? '（默认）' : ' '}时：${p.keys.map((k) => f.msg(k)).join('，')}`,
  'ui.help.footer': (_p, f) =>
    `每次重跑都需要按目标的审批策略批准，并且只发送一次。可添加 ${f.code('reason=…')} 说明原因（部分策略要求填写原因或事件编号）。`,
  'ui.help.fallback': (_p, f) => `${f.command('')} 使用说明`,
  'ui.form.title': () => '重跑作业',
  'ui.form.loading': () => '正在加载您可以使用的目标…',
  'ui.form.target': () => '目标',
  'ui.form.targetHint': () => '作业所在的云账号和区域（或集群）。',
  'ui.form.submit': () => '提交审批',
  'ui.form.close': () => '取消',
  // No space after 。: a hint that ends without a full stop gets one before the example.
  'ui.form.hint': (p, f) => {
    const hint = f.msg(p.hint);
    return `${p.missing ? '缺少此项。' : ''}${hint}${/[。！？]$/.test(hint) ? '' : '。'}例如：${p.example}`;
  },
  'ui.form.pick': (p, f) => `选择或输入${f.msg(p.label)}`,
  'ui.form.yes': () => '是',
  'ui.form.no': () => '否',
  'ui.form.pickTarget': () => '请选择一个目标。',
  'ui.form.useTyped': (p) => `使用“${p.value}”`,
  'ui.form.couldNotList': (p, f) => `无法列出：${f.msg(p.error)}`,
  'ui.form.targetOption': (p, f) => `${p.id}（${f.msg(p.provider)}）`,
  'ui.form.stale': (_p, f) =>
    `此表单已无法使用：它已过期，或不是在这里为您打开的。请关闭它，再用 ${f.command('')} 打开新的表单。`,
  'ui.answer.checking': (p, f) => `正在读取 ${f.code(p.target)} 上的当前状态…`,
  'ui.answer.queued': (p, f) => `仍在读取…受云服务速率限制，前面还有 ${f.number(p.ahead)} 个请求在排队，结果随后发送。`,
  'ui.answer.asked': (p, f) => `已提交审批：重跑请求 ${f.code(p.id)}。`,
  'ui.answer.cancelled': (p, f) => `重跑请求 ${f.code(p.id)} 已取消。`,
  'ui.answer.noRequest': (p, f) =>
    `没有重跑请求 ${f.code(p.id)}。重跑请求 ID 见审批消息，例如 ${f.code('rr-1a2b3c4d')}。`,
  'ui.answer.problems': (p, f) =>
    `重跑请求有问题：\n${p.problems.map((m) => f.msg(m)).join('\n')}\n示例：${f.command(p.example)}`,
  'ui.answer.problemList': (p, f) => `重跑请求有问题：\n${p.problems.map((m) => f.msg(m)).join('\n')}`,
  'ui.answer.problem': (p, f) => `• ${f.code(p.key)}：${f.msg(p.issue)}`,
  'ui.answer.unreadable': (p, f) => `${f.msg(p.message)} 示例：${f.command(p.example)}`,
  'ui.answer.unknownTarget': (p, f) =>
    `没有名为 ${f.code(p.target)} 的目标。您在这里可以使用的目标：${p.targets.length ? f.list(p.targets.map((t) => f.code(t))) : '无'}。输入 ${f.command('help')} 查看示例。`,
  'ui.answer.failed': (p, f) =>
    `出错了（${p.error}），未向云服务发起调用。请重试，或用 ${f.command('status <request-id>')} 查看。`,
  'ui.answer.digestNone': () => '请先在列表中至少选择一项，再点击“重跑所选…”。',
  'ui.answer.digestApart': (p, f) =>
    `${f.code(p.target)} 每个重跑请求只能重跑其中一项：请只选一项，再点击“重跑所选…”。`,
  'ui.answer.staleButton': (_p, f) => `此按钮已失效；请使用 ${f.command('status <request-id>')}。`,
  'ui.answer.elsewhere': (_p, f) =>
    `此按钮不属于这条消息，未执行任何操作。请使用该请求所在消息上的按钮，或使用 ${f.command('status <request-id>')}。`,
  'ui.answer.formUsed': (_p, f) =>
    `此表单已提交过，重跑请求已发出；未再执行任何操作。如需再次申请，请使用 ${f.command('')}。`,
  'ui.answer.channelUnread': () =>
    'Slack 未及时告知这是哪个频道，无法按此目标的频道规则检查您的重跑请求；未向云服务发起调用。请稍后重试。',
  'ui.history.empty': () => '还没有重跑请求。',
  'ui.history.title': (p, f) => `最近 ${f.number(p.count)} 个重跑请求`,
  'ui.history.line': (p, f) =>
    `• ${f.code(p.id)} ${f.date(p.at)} ${f.code(p.target)} 申请人 ${f.user(p.requester)}${p.approvers.length ? `，批准人 ${f.list(p.approvers.map((u) => f.user(u)))}` : ''}${p.glass ? '（紧急批准）' : ''}：${f.strong(f.msg(p.story))}——${f.msg(p.summary)}${p.reason ? `——原因：${p.reason}` : ''}`,
  'ui.pending.waiting': () => '等待您审批',
  'ui.pending.mine': () => '您发起的重跑请求',
  'ui.pending.decided': () => '最近的决定',
  'ui.pending.noneWaiting': () => '没有等待您决定的重跑请求。',
  'ui.pending.noneMine': () => '您还没有发起过重跑请求。',
  'ui.pending.noneDecided': () => '您可以决定的重跑请求还没有任何决定。',
  'ui.pending.item': (p, f) =>
    `${f.code(p.id)}，目标 ${f.code(p.target)}，申请人 ${f.user(p.requester)}，${f.date(p.at)}${p.approvers.length ? `，批准人 ${f.list(p.approvers.map((u) => f.user(u)))}` : ''}：${f.strong(f.msg(p.story))}——${f.msg(p.summary)}`,
  'ui.home.stale': (p, f) =>
    `${f.code(p.id)} 在本页显示之后已有变化，现在为：${f.strong(f.msg(p.story))}。下方列表为当前状态。`,
  'ui.home.notYours': () => '此按钮在这里无效：请使用您自己 App 首页上的“批准”“拒绝”，或审批请求消息上的按钮。',
  'ui.status.head': (p, f) => `${f.strong(p.id)}，目标 ${f.code(p.target)}：${f.strong(f.msg(p.story))}`,
  'ui.status.askedBy': (p, f) => `申请人 ${f.user(p.user)}，${f.date(p.at)}`,
  'ui.status.decisions': (_p, f) => f.strong('审批记录'),
  'ui.status.noDecisions': () => '尚无审批',
  'ui.status.answer': (_p, f) => f.strong('云服务响应'),
  'ui.status.current': (_p, f) => f.strong('当前状态'),
  'ui.status.moving': () => '（仍在变化）',
  'ui.status.couldNotRead': (p, f) => `无法读取：${f.msg(p.error)}`,
  'ui.status.audit': (p, f) => `${f.number(p.count)} 条审计记录`,
  'ui.console.welcome': (p, f) =>
    `rerun-bot 控制台。当前用户：${f.user(p.user)}。目标：${f.list(p.targets)}。${p.emulated ? '没有凭证的目标连接内置模拟器。' : ''}${p.logs ? `日志写入 ${p.logs}。` : ''}输入“help”查看命令，输入“pending”查看等待您处理的请求，输入“quit”退出。`,
  'ui.console.story': (p, f) =>
    `${f.code(p.id)}：${f.msg(p.story)}${p.items.length ? `（${p.items.map((i) => f.msg(i)).join('、')}）` : ''}`,
  'ui.console.rerunAgain': (p) => `请输入：again ${p.id}（重新申请重跑再次失败的项）`,
  'ui.console.quitWaiting': (p, f) =>
    `仍在跟踪 ${p.ids.map((id) => f.code(id)).join('、')}；最多等待 ${f.duration(p.waitMs)}，直到其进入终态。`,
  'ui.console.quitUnfinished': (p, f) =>
    `${p.ids.map((id) => f.code(id)).join('、')} 尚未结束；${p.later ? '下次启动时机器人会继续跟踪。' : '演示数据随退出删除，不再跟踪。'}`,
  'ui.console.as': (p, f) => `当前用户已切换为 ${f.user(p.user)}。`,
  'ui.console.noLatest': () => '还没有重跑请求；请先发起一个，或给出重跑请求 ID。',
  'ui.console.choices': (p) =>
    `请输入：approve ${p.id}（批准）· reject ${p.id}（拒绝）${p.cancel ? ` · cancel ${p.id}（取消）` : ''}`,
  'ui.console.askAgain': (p) => `请输入：again ${p.id}（按原样重新申请）`,
  'ui.console.remainder': (p, f) => `重跑其余 ${f.number(p.count)} 项，请输入：${f.command(p.args)}`,
  'ui.console.help': () =>
    [
      '控制台命令：',
      '  <target> key=value …      申请重跑（可以用“/rerun”开头）',
      '  approve|reject|cancel [id] 批准、拒绝或取消请求（不写 id 时为最近的请求）',
      '  approve [id] reason=…      紧急批准：在策略允许时批准自己的请求',
      '  again [id]                 重新申请已过期或再次失败的请求',
      '  pending                    等待您决定的请求、您发起的请求和最近的决定',
      '  watch [id]                 关注他人的请求：其审批结果和终态会通知您',
      '  status <id> · history [target] [n] · help',
      '  as <name>                  切换为另一个用户（默认 alice）',
      '  quit                       退出（进行中的调用会先完成）',
    ].join('\n'),
  'ui.console.unknown': (p) => `“${p.line}”不是控制台命令；请输入“help”。`,
  'ui.console.formNeeded': (p, f) =>
    `缺少 ${f.list(p.missing.map((k) => f.code(k)))}；控制台没有表单。示例：${f.command(p.example)}`,
  'ui.console.bye': () => '再见。',
  'ui.console.emulators': (p, f) => `内置模拟器在 127.0.0.1 上为 ${f.list(p.targets)} 提供服务。`,
  'ui.console.waiting': (p, f) =>
    `设置 ${p.variables.map((v) => f.code(v)).join('、')} 之前，${f.code(p.target)} 连接内置模拟器。`,
  'ui.button.watch': () => '关注',
  'ui.collision.open': () => '打开该请求',
  'ui.collision.help': (p, f) => {
    if (!p.watch && !p.approve) return '';
    const watch = f.typed ? `输入 ${f.code(`watch ${p.id}`)}` : '点击“关注”';
    const approve = f.typed ? `输入 ${f.code(`approve ${p.id}`)}` : '点击“批准”';
    if (p.watch && p.approve) return `${watch}，其审批结果和终态会通知您；或${approve}，立即批准。`;
    return p.watch ? `${watch}，其审批结果和终态会通知您。` : `您可以批准它：${approve}。`;
  },
  'ui.collision.changed': (p, f) =>
    `重跑请求 ${f.code(p.id)} 在此回复之后已有变化，未执行任何操作；当前：${f.msg(p.story)}。`,
  'ui.collision.approved': (p, f) => `您已批准重跑请求 ${f.code(p.id)}：${f.msg(p.story)}。`,
  'ui.watch.started': (p, f) => `您已关注重跑请求 ${f.code(p.id)}（${f.msg(p.story)}）：其审批结果和终态会通知您。`,
  'ui.watch.already': (p, f) => `您已关注重跑请求 ${f.code(p.id)}。`,
};

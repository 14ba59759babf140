/**
 * Every string the classroom's pages show, in English and Simplified Chinese.
 *
 * Invariants: `en` defines the key set; `zh-cn` is typed as `Record<key, string>`, so a missing
 * translation fails the typecheck; `{name}` placeholders are filled by `say`, and one left unfilled
 * stays visible.
 */
const en = {
  'room.title': 'Classroom',
  'room.code': 'Room code',
  'room.name': 'Your name',
  'room.join': 'Join the room',
  'room.joining': 'Joining…',
  'room.joined':
    'You are in room {code} as {name}. Your check results go to your instructor; your code does not.',
  'room.leave': 'Leave the room',
  'room.releases': 'From your instructor',
  'room.releasedLab': 'Your instructor opened the lab “{lab}”.',
  'room.releasedSolution': 'Your instructor released the solution of “{lab}”.',
  'room.open': 'Open it',
  'room.share': 'Share with instructor',
  'room.shareHint': 'Sends this lab’s code to your instructor, only when you press it.',
  'room.shared': 'Sent to your instructor.',
  'room.sent': 'Check result sent to your instructor.',
  'room.error.NO_ROOM': 'No room has the code {code}. Check the code your instructor shows.',
  'room.error.NAME_TAKEN': 'Someone in this room already uses the name “{name}”. Add an initial.',
  'room.error.BAD_NAME': 'Type a name of 1 to 40 characters.',
  'room.error.RATE_LIMITED': 'Too many requests. Try again in a few seconds.',
  'room.error.UNAUTHORIZED': 'This room no longer knows you: join again.',
  'room.error.other': 'That did not work ({message}).',
  'dash.title': 'Classroom dashboard',
  'dash.static':
    'This dashboard works when the site is served by npm run classroom: run it on your machine and open the address it prints, followed by /teach/classroom/.',
  'dash.key': 'Instructor key',
  'dash.keyHint': 'The key that npm run classroom printed (k_…). It is kept in this tab only.',
  'dash.open': 'Open the dashboard',
  'dash.forget': 'Forget the key',
  'dash.badKey': 'The server did not accept this key.',
  'dash.room': 'Room {code}: {students} students',
  'dash.live': 'Live',
  'dash.reconnecting': 'Reconnecting…',
  'dash.grid': 'Students and labs',
  'dash.student': 'Student',
  'dash.notTried': 'not tried',
  'dash.cell': '{passed}/{total} items · attempts: {attempts}',
  'dash.cellPassed': 'passed',
  'dash.cellFailing': 'failing',
  'dash.noStudents': 'No student has joined yet. They open the student link the command printed.',
  'dash.failing': 'Most failed check items',
  'dash.failingItem': '{item} (failed by {students})',
  'dash.noFailing': 'No failing item yet.',
  'dash.releases': 'Releases',
  'dash.releaseLab': 'Release the lab',
  'dash.releaseSolution': 'Release the solution',
  'dash.released': 'released',
  'dash.lab': 'Lab',
  'dash.csv': 'Download the results as CSV',
  'dash.shares': 'Code shared by students',
  'dash.noShares': 'No student has shared code yet.',
  'dash.shareOf': '{name}: {lab}',
} as const;

export type ClassroomKey = keyof typeof en;
export type ClassroomLocale = 'en' | 'zh-cn';

const zhCN: Readonly<Record<ClassroomKey, string>> = {
  'room.title': '课堂',
  'room.code': '房间代码',
  'room.name': '你的名字',
  'room.join': '加入房间',
  'room.joining': '正在加入…',
  'room.joined': '你已以 {name} 的身份加入房间 {code}。你的检查结果会发给讲师，你的代码不会。',
  'room.leave': '离开房间',
  'room.releases': '来自讲师',
  'room.releasedLab': '讲师开放了实验“{lab}”。',
  'room.releasedSolution': '讲师公布了“{lab}”的参考答案。',
  'room.open': '打开',
  'room.share': '分享给讲师',
  'room.shareHint': '只有在你按下时，才会把这个实验的代码发给讲师。',
  'room.shared': '已发给讲师。',
  'room.sent': '检查结果已发给讲师。',
  'room.error.NO_ROOM': '没有代码为 {code} 的房间。请核对讲师展示的代码。',
  'room.error.NAME_TAKEN': '房间里已有人使用“{name}”这个名字。请加上姓氏首字母。',
  'room.error.BAD_NAME': '请输入 1 到 40 个字符的名字。',
  'room.error.RATE_LIMITED': '请求过多。请几秒后再试。',
  'room.error.UNAUTHORIZED': '这个房间已不认识你：请重新加入。',
  'room.error.other': '操作失败（{message}）。',
  'dash.title': '课堂面板',
  'dash.static':
    '只有当网站由 npm run classroom 提供时，这个面板才能使用：在你的电脑上运行它，然后打开它打印的地址并加上 /zh-cn/teach/classroom/。',
  'dash.key': '讲师密钥',
  'dash.keyHint': 'npm run classroom 打印的密钥（k_…）。只保存在这个标签页中。',
  'dash.open': '打开面板',
  'dash.forget': '忘记密钥',
  'dash.badKey': '服务器不接受这个密钥。',
  'dash.room': '房间 {code}：{students} 名学生',
  'dash.live': '实时',
  'dash.reconnecting': '正在重新连接…',
  'dash.grid': '学生与实验',
  'dash.student': '学生',
  'dash.notTried': '未尝试',
  'dash.cell': '{passed}/{total} 项 · 尝试 {attempts} 次',
  'dash.cellPassed': '已通过',
  'dash.cellFailing': '未通过',
  'dash.noStudents': '还没有学生加入。学生打开命令打印的学生链接即可加入。',
  'dash.failing': '最常失败的检查项',
  'dash.failingItem': '{item}（{students} 名学生未通过）',
  'dash.noFailing': '还没有失败的检查项。',
  'dash.releases': '开放',
  'dash.releaseLab': '开放实验',
  'dash.releaseSolution': '公布参考答案',
  'dash.released': '已开放',
  'dash.lab': '实验',
  'dash.csv': '下载 CSV 格式的结果',
  'dash.shares': '学生分享的代码',
  'dash.noShares': '还没有学生分享代码。',
  'dash.shareOf': '{name}：{lab}',
};

export function classroomLocale(lang: string | undefined): ClassroomLocale {
  return lang?.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

export type Say = (key: ClassroomKey, values?: Readonly<Record<string, string | number>>) => string;

export function sayer(locale: ClassroomLocale): Say {
  const strings = locale === 'zh-cn' ? zhCN : en;
  return (key, values = {}) =>
    strings[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values[name] === undefined ? whole : String(values[name]),
    );
}

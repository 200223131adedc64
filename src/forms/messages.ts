/** The reasons a clerk sees beside a field: Chinese first (the authoritative language), English after. */
export const messages = {
  required: () => '必填 / Required',
  notText: () => '必须是文本 / Must be text',
  notNumber: () => '必须是数字 / Must be a number',
  notBoolean: () => '必须是“是”或“否” / Must be yes or no',
  notDate: () => '必须是有效日期(YYYY-MM-DD) / Must be a valid date (YYYY-MM-DD)',
  notOption: () => '不是可选的选项 / Is not one of the options',
  notOptionList: () => '必须是选项列表 / Must be a list of options',
  someNotOption: () => '包含不可选的选项 / Contains a value that is not one of the options',
  min: (limit: number) => `不能小于 ${limit} / Must be at least ${limit}`,
  max: (limit: number) => `不能大于 ${limit} / Must be at most ${limit}`,
  minLength: (limit: number) => `至少 ${limit} 个字符 / Must be at least ${limit} characters`,
  maxLength: (limit: number) => `最多 ${limit} 个字符 / Must be at most ${limit} characters`,
  pattern: () => '格式不正确 / Does not match the required format',
};

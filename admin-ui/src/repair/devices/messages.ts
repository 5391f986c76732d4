/**
 * The alarm map (告警映射, admin-ui/src/repair/devices): the screens' words, spread into
 * `app.repair_device`, and the resource's name and fields, into `resources.repair_devices`.
 */
export const devicesEn = {
  create_title: 'Add a device to the alarm map',
  edit_title: 'Device %{deviceId}',
  device_id_rule: '1 to 64 letters, digits or . _ : - (starting with a letter or digit)',
  device_id_help: 'The id the monitoring system sends with its alarms; it cannot be changed later.',
  category_help: 'Only a sub-category can be chosen.',
  customers_help: 'Type a name or customer number. The first customer is the order’s customer; leave it empty for a line nobody owns.',
  in_use: 'In use',
  active_help: 'Alarms from a retired device are refused.',
  active: { true: 'In use', false: 'Retired' },
  any_state: 'Any',
  errors: {
    DEVICE_EXISTS: 'Device %{deviceId} is in the alarm map already.',
    UNKNOWN_CATEGORY: 'This fault category is not a sub-category of the tree in force: choose another.',
    CUSTOMER_NOT_FOUND: 'Some of the chosen customers no longer exist: choose them again.',
    INVALID_DEVICE: 'Check the device id, the place (at most 200 characters) and the customers (at most 200, each once).',
    UNSTORABLE_TEXT: 'The place holds a character that cannot be stored.',
    FORBIDDEN: 'Your roles do not allow changing the alarm map.',
    NOT_FOUND: 'This device is not in the alarm map.',
    other: 'Could not save it. Try again.',
  },
};

export const devicesZhCN: typeof devicesEn = {
  create_title: '添加告警映射设备',
  edit_title: '设备 %{deviceId}',
  device_id_rule: '1 至 64 个字母、数字或 . _ : -（以字母或数字开头）',
  device_id_help: '监控系统发送告警时所带的设备编号，添加后不能修改。',
  category_help: '只能选择故障小类。',
  customers_help: '输入户名或户号查找。第一个客户为工单的客户；无产权客户的线路可不填。',
  in_use: '在用',
  active_help: '已停用设备的告警将被拒收。',
  active: { true: '在用', false: '已停用' },
  any_state: '全部',
  errors: {
    DEVICE_EXISTS: '设备 %{deviceId} 已在告警映射中。',
    UNKNOWN_CATEGORY: '该故障分类不是现行分类树中的小类，请另选。',
    CUSTOMER_NOT_FOUND: '所选客户中有的已不存在，请重新选择。',
    INVALID_DEVICE: '请检查设备编号、位置（最多 200 字）和关联客户（最多 200 个，不得重复）。',
    UNSTORABLE_TEXT: '位置中含有无法保存的字符。',
    FORBIDDEN: '您的角色无权修改告警映射。',
    NOT_FOUND: '告警映射中没有该设备。',
    other: '未能保存，请重试。',
  },
};

/** `resources.repair_devices`: the list's columns and filters, the form's fields. */
export const devicesResourceEn = {
  name: 'Device |||| Alarm map',
  fields: {
    id: 'Device id',
    deviceId: 'Device id',
    category: 'Fault category',
    place: 'Place',
    customers: 'Customers',
    customerIds: 'Customers',
    active: 'State',
    openOrders: 'Open orders',
    updatedAt: 'Last changed',
    updatedByName: 'Changed by',
    q: 'Search',
  },
};

export const devicesResourceZhCN: typeof devicesResourceEn = {
  name: '告警映射',
  fields: {
    id: '设备编号',
    deviceId: '设备编号',
    category: '故障分类',
    place: '位置',
    customers: '关联客户',
    customerIds: '关联客户',
    active: '状态',
    openOrders: '在办工单',
    updatedAt: '最后修改',
    updatedByName: '修改人',
    q: '搜索',
  },
};

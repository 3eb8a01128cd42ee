import { App as AntApp, Button, Card, Form, Input } from 'antd';
import { api, must } from '../api/client';
import { ApiError } from '../lib/problem';

/** Change one's password (every other session ends). */
export function AccountPage() {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    try {
      await must(api.POST('/api/v1/auth/change-password', { body: values }));
      message.success('密码已修改,其他会话已注销');
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.map((f) => ({ name: f.field, errors: [f.message] })));
        message.error(e.message);
      }
    }
  };
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      <Form form={form} layout="vertical" onFinish={(v: { currentPassword: string; newPassword: string }) => void submit(v)}>
        <Form.Item label="原密码" name="currentPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password />
        </Form.Item>
        <Form.Item label="新密码(至少10位,含字母和数字)" name="newPassword" rules={[{ required: true, min: 10, message: '至少10位,含字母和数字' }]}>
          <Input.Password />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

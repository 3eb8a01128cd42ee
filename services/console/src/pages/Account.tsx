import { Alert, App as AntApp, Button, Card, Form, Input, Space, Typography } from 'antd';
import { api, must, session } from '../api/client';
import { ApiError } from '../lib/problem';
import { passwordProblem } from '../lib/password';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The password form: the current one, the new one twice; the policy checked here as the API checks it again. */
function PasswordForm({ username, onChanged, submitLabel }: { username: string; onChanged: () => Promise<void> | void; submitLabel: string }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const submit = async ({ currentPassword, newPassword }: PasswordValues) => {
    try {
      await must(api.POST('/api/v1/auth/change-password', { body: { currentPassword, newPassword } }));
      form.resetFields();
      await onChanged();
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.map((f) => ({ name: f.field as keyof PasswordValues, errors: [f.message] })));
        if (e.shown.code === 'AUTH_PASSWORD_INCORRECT') form.setFields([{ name: 'currentPassword', errors: [e.shown.message] }]);
        message.error(e.message);
      }
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v: PasswordValues) => void submit(v)}>
      <Form.Item label="原密码" name="currentPassword" rules={[{ required: true, message: '请输入原密码' }]}>
        <Input.Password id="currentPassword" autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码(至少10位,含字母和数字,不含用户名)"
        name="newPassword"
        rules={[{ required: true, message: '请输入新密码' }, { validator: (_, value: string | undefined) => (value && passwordProblem(value, username) ? Promise.reject(new Error(passwordProblem(value, username))) : Promise.resolve()) }]}
      >
        <Input.Password id="newPassword" autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[{ required: true, message: '请再次输入新密码' }, ({ getFieldValue }) => ({ validator: (_, value: string | undefined) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) })]}
      >
        <Input.Password id="confirmPassword" autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {submitLabel}
      </Button>
    </Form>
  );
}

/** 账号与密码: change one's password (every other session ends). */
export function AccountPage() {
  const { message } = AntApp.useApp();
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      <PasswordForm username={session.user?.username ?? ''} submitLabel="修改密码" onChanged={() => void message.success('密码已修改,其他会话已注销')} />
    </Card>
  );
}

/**
 * 首次登录须修改密码: shown instead of the console while the platform asks for a new password (the
 * gateway refuses every other route until then). Once changed, the tokens are renewed, now without
 * the flag, and the console opens.
 */
export function ForcedPasswordChangePage({ onSignOut }: { onSignOut: () => void }) {
  const user = session.user;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg, #8e1b1b, #c0392b)' }}>
      <Card style={{ width: 460 }} data-testid="forced-password-change">
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          请修改初始密码
        </Typography.Title>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`${user?.displayName ?? ''}(${user?.username ?? ''}),您的账号由管理员创建,首次登录须设置自己的密码后才能使用。`} />
        <PasswordForm
          username={user?.username ?? ''}
          submitLabel="修改密码并进入系统"
          onChanged={async () => {
            if (!(await session.refresh())) onSignOut();
          }}
        />
        <Space style={{ marginTop: 12 }}>
          <Button type="link" onClick={onSignOut} style={{ paddingInline: 0 }}>
            退出登录
          </Button>
        </Space>
      </Card>
    </div>
  );
}
